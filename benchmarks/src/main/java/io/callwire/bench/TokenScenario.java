package io.callwire.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Scenario 5: tokens. The packaged auth-service (local profile, demo data) answering RTE exchanges
 * ({@code GET /token/me/rte/}) and client-credentials grants; Keycloak (started by run.sh) issuing
 * client-credentials tokens in a realm of its own; and a bare ES256 signing loop as the ceiling.
 */
final class TokenScenario {

    static final String DEMO_ORGANIZATION = "6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f";

    private final Context context;
    private final Options options;
    private final ScenarioResult result = new ScenarioResult("tokens", "Tokens");
    private final int connections;
    private final long warmup;
    private final long seconds;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** {@code --baseline=DIR}: another checkout whose packaged auth-service is measured in turn with this one's. */
    private final java.nio.file.Path baseline;
    private final int rounds;
    private final Map<HttpLoad.Outcome, Double> databaseTransactions = new java.util.IdentityHashMap<>();

    TokenScenario(Context context) {
        this.context = context;
        this.options = context.options();
        this.connections = options.integer("connections", 64, 16);
        this.warmup = options.integer("warmup", 10, 8);
        this.seconds = options.integer("seconds", 30, 10);
        String other = options.string("baseline");
        this.baseline = other == null ? null : java.nio.file.Path.of(other).toAbsolutePath().normalize();
        this.rounds = options.integer("rounds", 1, 1);
    }

    ScenarioResult run() throws Exception {
        System.out.printf("tokens: %d keep-alive connections, warm-up of at least %d s until the rate is steady, %d s measured per target%n",
                connections, warmup, seconds);
        Double ceiling = measures("ceiling") ? signingLoop() : null;
        Callwire callwire = measures("callwire") ? callwire() : new Callwire(null, null);
        HttpLoad.Outcome keycloak = measures("keycloak") ? keycloak() : null;
        String peerName = keycloak == null ? null : "Keycloak 26.7.3 (client_credentials)";
        Double peerRate = keycloak == null ? null : keycloak.perSecond();
        if (callwire.rte() != null) {
            result.figure("RTE token exchanges/s (GET /token/me/rte/)", "tokens/s", callwire.rte().perSecond(), peerRate, peerName, ceiling);
        }
        if (callwire.clientCredentials() != null) {
            result.figure("client_credentials grants/s", "tokens/s", callwire.clientCredentials().perSecond(), peerRate, peerName, ceiling);
        }
        if (callwire.rte() != null) {
            result.figure("p99 per token (Callwire: RTE exchange; Keycloak: client_credentials)", "ms",
                    callwire.rte().latencies().percentileMillis(0.99),
                    keycloak == null ? null : keycloak.latencies().percentileMillis(0.99), peerName, null);
        }
        if (keycloak == null) {
            result.note("Keycloak was not measured in this run (./bench/run.sh starts it; --no-peers skips it).");
        }
        result.note("Ceiling: ES256 signatures of a token of the same claims with jose4j on " + Runtime.getRuntime().availableProcessors()
                + " threads in the load generator's JVM, no HTTP. Keycloak signs RS256 (its realm default).");
        result.note("The RTE exchange verifies the caller's ES256 token (then cached) and signs a new one; client_credentials also reads "
                + "the client, its organization and the throttle in PostgreSQL. \"PostgreSQL n per token\": transactions "
                + "(each statement outside a transaction is one) counted by pg_stat_database in the service's database over the window.");
        if (baseline != null) {
            result.note("Paired run: rows \"baseline\" are the auth-service packaged in " + baseline + ", measured in turn with this "
                    + "checkout's (\"callwire\") in " + rounds + " round(s), same load generator, database server and broker.");
        }
        return result;
    }

    /** Whether {@code --targets} (default {@code ceiling,callwire,keycloak}) names this target. */
    private boolean measures(String target) {
        String targets = options.string("targets");
        return targets == null || List.of(targets.split(",")).contains(target);
    }

    /** Whether {@code --series} (default {@code rte,client-credentials}) names this series of Callwire's. */
    private boolean runs(String series) {
        String list = options.string("series");
        return list == null || List.of(list.split(",")).contains(series);
    }

    private double signingLoop() throws Exception {
        SpeedReference.Result loop = SpeedReference.measure(Runtime.getRuntime().availableProcessors(), warmup, seconds);
        result.row(new Row("ceiling", "ES256 signing loop", Double.NaN, loop.perSecond(), loop.signed(), Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, loop.threads() + " threads"));
        return loop.perSecond();
    }

    private record Callwire(HttpLoad.Outcome rte, HttpLoad.Outcome clientCredentials) {
    }

    /** One packaged auth-service and what the load needs from it. */
    private record AuthService(String target, QuarkusService service, String database, String access, String basic) {
    }

    private Callwire callwire() throws Exception {
        try (Infrastructure infrastructure = Infrastructure.start(context.work())) {
            List<AuthService> services = new ArrayList<>();
            List<QuarkusService> started = new ArrayList<>();
            try {
                if (baseline != null) {
                    infrastructure.createDatabase("callwire_auth_baseline");
                    services.add(startAuth(infrastructure, "baseline", baseline, "callwire_auth_baseline", started));
                }
                services.add(startAuth(infrastructure, "callwire", context.root(), "callwire_auth", started));
                HttpLoad.Outcome rte = null;
                HttpLoad.Outcome credentials = null;
                for (int round = 1; round <= rounds; round++) {
                    for (AuthService auth : services) {
                        if (runs("rte")) {
                            HttpLoad.Outcome outcome = load(infrastructure, auth, "rte", round,
                                    () -> new RequestOptions().setMethod(HttpMethod.GET).setURI("/token/me/rte/")
                                            .putHeader("Authorization", "Bearer " + auth.access()), null);
                            row(auth.target(), "RTE exchange", outcome);
                            rte = auth.target().equals("callwire") ? outcome : rte;
                        }
                        if (runs("client-credentials")) {
                            HttpLoad.Outcome outcome = load(infrastructure, auth, "client-credentials", round,
                                    () -> new RequestOptions().setMethod(HttpMethod.POST).setURI("/oauth/token")
                                            .putHeader("Content-Type", "application/x-www-form-urlencoded")
                                            .putHeader("Authorization", auth.basic()), "grant_type=client_credentials");
                            row(auth.target(), "client_credentials", outcome);
                            credentials = auth.target().equals("callwire") ? outcome : credentials;
                        }
                    }
                }
                return new Callwire(rte, credentials);
            } finally {
                started.forEach(QuarkusService::close);
            }
        }
    }

    private AuthService startAuth(Infrastructure infrastructure, String target, java.nio.file.Path root, String database,
                                  List<QuarkusService> started) throws Exception {
        List<String> properties = new ArrayList<>(List.of("-Xmx512m", "-Dquarkus.profile=local"));
        if (options.string("profile") != null) {
            // Quarkus's request handling is deep: the default 64 frames cut off what a sample was called from
            properties.add("-XX:FlightRecorderOptions:stackdepth=256");
        }
        properties.addAll(infrastructure.serviceProperties(database));
        String extra = options.string("auth-options");
        if (extra != null && target.equals("callwire")) {
            // e.g. a run-time switch tried on this checkout's service only, against the baseline
            properties.addAll(List.of(extra.split(",")));
        }
        QuarkusService auth = QuarkusService.start(root, "auth-service", properties, Map.of(), context.work());
        started.add(auth);
        long ready = auth.awaitReady(Duration.ofSeconds(180));
        System.out.printf("  %s: auth-service from %s ready in %d ms on %s%n", target, root, ready, auth.url());
        String base = auth.url();
        String access = new JsonObject(postForm(base + "/oauth/token",
                "grant_type=password&username=admin@demo.test&password=demo", null)).getString("access_token");
        String rootToken = new JsonObject(postForm(base + "/oauth/token",
                "grant_type=password&username=root@callwire.test&password=demo", null)).getString("access_token");
        JsonObject client = new JsonObject(postJson(base + "/api/v1/clients", new JsonObject()
                .put("organizationId", DEMO_ORGANIZATION).put("name", "Benchmark")
                .put("roles", new JsonArray().add("integration")).encode(), "Bearer " + rootToken));
        return new AuthService(target, auth, database, access, basic(client.getString("clientId"), client.getString("clientSecret")));
    }

    /**
     * One closed-loop run against one auth-service; counts the database transactions of its window and,
     * with {@code --profile=DIR}, records the window with JFR to {@code DIR/<target>-<series>-<round>.jfr}.
     */
    private HttpLoad.Outcome load(Infrastructure infrastructure, AuthService auth, String series, int round,
                                  java.util.function.Supplier<RequestOptions> request, String body) throws InterruptedException {
        long pid = auth.service().pid();
        String profile = options.string("profile");
        long[] transactions = new long[2];
        HttpLoad.Outcome outcome = HttpLoad.run(context.vertx(), "127.0.0.1", auth.service().port(), connections, warmup, seconds, pid,
                request, body, new HttpLoad.Window() {
                    @Override
                    public void opened() {
                        if (profile != null) {
                            Jcmd.startRecording(pid, "bench");
                        }
                        transactions[0] = infrastructure.transactions(auth.database());
                    }

                    @Override
                    public void closed() {
                        transactions[1] = infrastructure.transactions(auth.database());
                        if (profile != null) {
                            Jcmd.stopRecording(pid, "bench", java.nio.file.Path.of(profile, auth.target() + "-" + series + "-" + round + ".jfr"));
                        }
                    }
                });
        databaseTransactions.put(outcome, transactions[0] < 0 || transactions[1] < 0 ? Double.NaN
                : (transactions[1] - transactions[0]) / (double) Math.max(1, outcome.ok()));
        return outcome;
    }

    private HttpLoad.Outcome keycloak() throws Exception {
        String url = options.string("keycloak-url");
        String password = options.string("keycloak-admin-password");
        if (url == null || password == null) {
            return null;
        }
        long pid = Long.parseLong(options.string("keycloak-pid", "0", "0"));
        String admin = new JsonObject(postForm(url + "/realms/master/protocol/openid-connect/token",
                "grant_type=password&client_id=admin-cli&username=admin&password=" + password, null)).getString("access_token");
        postJson(url + "/admin/realms", new JsonObject().put("realm", "bench").put("enabled", true).encode(), "Bearer " + admin);
        String secret = UUID.randomUUID().toString();
        postJson(url + "/admin/realms/bench/clients", new JsonObject().put("clientId", "bench").put("secret", secret)
                .put("publicClient", false).put("serviceAccountsEnabled", true).put("standardFlowEnabled", false)
                .put("directAccessGrantsEnabled", false).put("clientAuthenticatorType", "client-secret").encode(), "Bearer " + admin);
        String basic = basic("bench", secret);
        URI base = URI.create(url);
        HttpLoad.Outcome outcome = HttpLoad.run(context.vertx(), base.getHost(), base.getPort(), connections, warmup, seconds,
                descendantJava(pid), () -> new RequestOptions().setMethod(HttpMethod.POST)
                        .setURI("/realms/bench/protocol/openid-connect/token")
                        .putHeader("Content-Type", "application/x-www-form-urlencoded").putHeader("Authorization", basic),
                "grant_type=client_credentials");
        row("keycloak", "client_credentials", outcome);
        return outcome;
    }

    /** kc.sh may run Java as a child: the CPU that counts is that process's. */
    private static long descendantJava(long pid) {
        if (pid <= 0) {
            return 0;
        }
        return ProcessHandle.of(pid).flatMap(p -> p.descendants().filter(d -> d.info().command().orElse("").endsWith("java")).findFirst())
                .map(ProcessHandle::pid).orElse(pid);
    }

    private void row(String target, String series, HttpLoad.Outcome outcome) {
        Double transactions = databaseTransactions.get(outcome);
        result.row(new Row(target, series, Double.NaN, outcome.perSecond(), outcome.ok(), outcome.latencies().percentileMillis(0.5),
                outcome.latencies().percentileMillis(0.99), outcome.latencies().percentileMillis(0.999), outcome.latencies().maxMillis(),
                String.format("%d failed; server CPU %.0f µs per token%s; warmed up %d s; load average %s", outcome.failed(),
                        outcome.serverCpuMicrosPerRequest(),
                        transactions == null || transactions.isNaN() ? "" : String.format("; PostgreSQL %.2f transactions per token", transactions),
                        outcome.warmupSeconds(), Machine.loadAverage())));
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private String postForm(String url, String form, String authorization) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private String postJson(String url, String body, String authorization) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(60))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isBlank() ? "{}" : response.body();
    }
}
