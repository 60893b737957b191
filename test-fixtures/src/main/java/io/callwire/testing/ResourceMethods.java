package io.callwire.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every JAX-RS resource method a module compiles, as {@code "GET /api/v1/webhooks/{id}"}, read from its
 * {@code target/classes}. Matrix tests (tenancy, fuzzing) compare their matrix with this list so that a
 * new endpoint that nobody added to the matrix fails them. Interfaces (REST clients of other services)
 * are left out. Annotations are matched by name, so this module needs no JAX-RS dependency.
 */
public final class ResourceMethods {

    private static final Set<String> VERBS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
    private static final String PATH = "jakarta.ws.rs.Path";

    private ResourceMethods() {
    }

    /** The resource methods of the classes under {@code target/classes} of the module the test runs in. */
    public static Set<String> ofThisModule() {
        return of(Path.of("target", "classes"));
    }

    /** The resource methods of the classes under a class directory. */
    public static Set<String> of(Path classes) {
        Set<String> methods = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, ResourceMethods.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError notLoadable) {
                    continue;
                }
                Optional<String> root = path(type.getAnnotations());
                // an interface with @Path is a REST client of another service (admin-ui's), not an endpoint
                if (root.isEmpty() || type.isInterface()) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    Optional<String> verb = verb(method.getAnnotations());
                    if (verb.isPresent()) {
                        methods.add(verb.get() + " " + join(root.get(), path(method.getAnnotations()).orElse("")));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (methods.isEmpty()) {
            throw new IllegalStateException("no JAX-RS resource method under " + classes.toAbsolutePath());
        }
        return methods;
    }

    private static Optional<String> verb(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            String name = annotation.annotationType().getSimpleName();
            if (annotation.annotationType().getName().startsWith("jakarta.ws.rs.") && VERBS.contains(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> path(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation.annotationType().getName().equals(PATH)) {
                try {
                    return Optional.of((String) annotation.annotationType().getMethod("value").invoke(annotation));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Optional.empty();
    }

    private static String join(String root, String sub) {
        String joined = ("/" + root + "/" + sub).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** The methods of {@code actual} missing from {@code matrix}, for a failure message that names them. */
    public static List<String> missing(Set<String> actual, Set<String> matrix) {
        return actual.stream().filter(m -> !matrix.contains(m)).toList();
    }
}
