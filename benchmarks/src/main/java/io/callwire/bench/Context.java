package io.callwire.bench;

import java.nio.file.Path;

import io.vertx.core.Vertx;

/** What every scenario gets: the options, the repository root, a work directory and the load generator's Vert.x. */
record Context(Options options, Path root, Path work, Vertx vertx) {

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Starts this module's own main class {@code main} in a child JVM (the ceiling server). */
    Process startJava(String main, String... args) throws java.io.IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), main));
        command.addAll(java.util.List.of(args));
        Path log = java.nio.file.Files.createDirectories(work.resolve("logs")).resolve(main.substring(main.lastIndexOf('.') + 1) + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return process;
    }
}
