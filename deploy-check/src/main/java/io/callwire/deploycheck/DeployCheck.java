package io.callwire.deploycheck;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a kustomize overlay and checks it: the Kubernetes schemas ({@link SchemaCheck}) and
 * Callwire's rules ({@link RuleCheck}). Run by the tests of this module on every overlay under
 * {@code k8s/overlays}; also usable by hand on an operator's own overlay:
 * {@code java -cp ... io.callwire.deploycheck.DeployCheck <repository root> <version> <overlay>...}.
 */
public final class DeployCheck {

    private DeployCheck() {
    }

    /** The problems of one rendered overlay, schema problems first; empty when it passes. */
    public static List<String> check(Path repositoryRoot, String version, List<ObjectNode> rendered) {
        List<String> problems = new ArrayList<>(SchemaCheck.check(rendered));
        problems.addAll(new RuleCheck(repositoryRoot, version).check(rendered));
        return problems;
    }

    /** Renders {@code overlay} and checks it. */
    public static List<String> check(Path repositoryRoot, String version, Path overlay) {
        return check(repositoryRoot, version, Manifests.render(overlay));
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: DeployCheck <repository root> <image tag> <overlay directory>...");
            System.exit(2);
        }
        boolean failed = false;
        for (int i = 2; i < args.length; i++) {
            List<String> problems = check(Path.of(args[0]), args[1], Path.of(args[i]));
            System.out.println(args[i] + ": " + (problems.isEmpty() ? "ok" : problems.size() + " problem(s)"));
            problems.forEach(p -> System.out.println("  " + p));
            failed |= !problems.isEmpty();
        }
        System.exit(failed ? 1 : 0);
    }
}
