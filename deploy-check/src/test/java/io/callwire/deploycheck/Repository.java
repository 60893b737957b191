package io.callwire.deploycheck;

import java.nio.file.Path;

/** Where the tests find the repository and the version the build runs with (set by surefire). */
final class Repository {

    static final Path ROOT = Path.of(System.getProperty("callwire.root", "..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("callwire.version", "0.1.0-SNAPSHOT");

    private Repository() {
    }
}
