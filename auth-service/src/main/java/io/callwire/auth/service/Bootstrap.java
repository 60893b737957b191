package io.callwire.auth.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.callwire.auth.ApiClient;
import io.callwire.auth.Organization;
import io.callwire.auth.UserAccount;
import io.callwire.auth.config.AuthConfig;
import io.callwire.auth.repository.ApiClientRepository;
import io.callwire.auth.repository.OrganizationRepository;
import io.callwire.auth.repository.UserRepository;
import io.callwire.contract.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * At start: signing keys, then (local profile only) the demo tenant, then the first platform
 * administrator from configuration when the database has no user at all. Every step is idempotent
 * and serialized across replicas by an advisory lock.
 */
@ApplicationScoped
public class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class);

    /** The platform organization of the demo data ({@code root@callwire.test}). */
    public static final UUID PLATFORM_ORG = UUID.fromString("00000000-0000-4000-8000-000000000001");
    /** {@code root@callwire.test}. */
    public static final UUID ROOT_USER = UUID.fromString("00000000-0000-4000-8000-0000000000a1");
    /** "Demo Contact Center". */
    public static final UUID DEMO_ORG = UUID.fromString("6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f");
    /** The {@code demo-integration} client (its GUID is not in the brief's table; chosen in the demo GUID scheme). */
    public static final UUID DEMO_CLIENT = UUID.fromString("6f0d3c1e-0004-4000-8000-000000000001");

    /**
     * The {@code subscription-service} machine client (role platform-service, platform organization)
     * that the local run's subscription-service uses to read revocations at start-up.
     */
    public static final UUID SUBSCRIPTION_SERVICE_CLIENT = UUID.fromString("00000000-0004-4000-8000-000000000001");
    /** Its client id, as subscription-service's {@code callwire.security.auth-service.client-id}. */
    public static final String SUBSCRIPTION_SERVICE_CLIENT_ID = "subscription-service";
    /** The {@code notifier-service} machine client (role platform-service, platform organization), for the same purpose. */
    public static final UUID NOTIFIER_SERVICE_CLIENT = UUID.fromString("00000000-0004-4000-8000-000000000002");
    /** Its client id, as notifier-service's {@code callwire.security.auth-service.client-id}. */
    public static final String NOTIFIER_SERVICE_CLIENT_ID = "notifier-service";

    /** One seeded user. */
    public record DemoUser(UUID id, UUID organizationId, String username, String displayName, String role) {
    }

    /** The demo users, exactly as in the brief's demo-tenant table. */
    public static final List<DemoUser> DEMO_USERS = List.of(
            new DemoUser(ROOT_USER, PLATFORM_ORG, "root@callwire.test", "Platform Root", Roles.PLATFORM_ADMIN),
            new DemoUser(UUID.fromString("6f0d3c1e-0001-4000-8000-000000000001"), DEMO_ORG, "admin@demo.test", "Demo Admin", Roles.ORG_ADMIN),
            new DemoUser(UUID.fromString("6f0d3c1e-0001-4000-8000-000000000002"), DEMO_ORG, "supervisor@demo.test", "Demo Supervisor", Roles.SUPERVISOR),
            new DemoUser(UUID.fromString("6f0d3c1e-0001-4000-8000-000000000011"), DEMO_ORG, "agent1@demo.test", "Agent One", Roles.AGENT),
            new DemoUser(UUID.fromString("6f0d3c1e-0001-4000-8000-000000000012"), DEMO_ORG, "agent2@demo.test", "Agent Two", Roles.AGENT),
            new DemoUser(UUID.fromString("6f0d3c1e-0001-4000-8000-000000000013"), DEMO_ORG, "agent3@demo.test", "Agent Three", Roles.AGENT),
            new DemoUser(UUID.fromString("6f0d3c1e-0001-4000-8000-000000000014"), DEMO_ORG, "agent4@demo.test", "Agent Four", Roles.AGENT),
            new DemoUser(UUID.fromString("6f0d3c1e-0001-4000-8000-000000000015"), DEMO_ORG, "agent5@demo.test", "Agent Five", Roles.AGENT));

    private static final String DEMO_PASSWORD = "demo";
    private static final String DEMO_CLIENT_ID = "demo-integration";
    private static final String DEMO_CLIENT_SECRET = "demo-secret";
    // local/dev only (seed-demo is false in prod); subscription-service's %local/%dev properties carry the same value
    private static final String SUBSCRIPTION_SERVICE_CLIENT_SECRET = "local-subscription-service-secret";
    // likewise notifier-service's %local/%dev properties
    private static final String NOTIFIER_SERVICE_CLIENT_SECRET = "local-notifier-service-secret";

    private final KeyService keys;
    private final RevocationRegistry revocations;
    private final OrganizationRepository organizations;
    private final UserRepository users;
    private final ApiClientRepository clients;
    private final PasswordHasher hasher;
    private final AuthConfig config;

    public Bootstrap(KeyService keys, RevocationRegistry revocations, OrganizationRepository organizations, UserRepository users,
            ApiClientRepository clients, PasswordHasher hasher, AuthConfig config) {
        this.keys = keys;
        this.revocations = revocations;
        this.organizations = organizations;
        this.users = users;
        this.clients = clients;
        this.hasher = hasher;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> keys.initialize()
                .chain(revocations::sync)
                .chain(() -> config.seedDemo() ? seedDemo() : Uni.createFrom().voidItem())
                .chain(this::bootstrapAdmin));
    }

    /** Creates whatever of the demo tenant is missing (idempotent: existing rows are left alone). */
    public Uni<Void> seedDemo() {
        return hasher.hash(DEMO_PASSWORD).chain(passwordHash -> hasher.hash(DEMO_CLIENT_SECRET).chain(secretHash ->
                hasher.hash(SUBSCRIPTION_SERVICE_CLIENT_SECRET).chain(serviceSecretHash ->
                hasher.hash(NOTIFIER_SERVICE_CLIENT_SECRET).chain(notifierSecretHash ->
                Panache.withTransaction(() -> AdvisoryLocks.lock(AdvisoryLocks.SEED)
                        .chain(() -> organization(PLATFORM_ORG, "Callwire Platform"))
                        .chain(() -> organization(DEMO_ORG, "Demo Contact Center"))
                        .chain(() -> seedUsers(passwordHash, 0))
                        .chain(() -> seedClient(client(DEMO_CLIENT, DEMO_ORG, DEMO_CLIENT_ID, "Demo integration", secretHash,
                                Roles.INTEGRATION)))
                        .chain(() -> seedClient(client(SUBSCRIPTION_SERVICE_CLIENT, PLATFORM_ORG, SUBSCRIPTION_SERVICE_CLIENT_ID,
                                "subscription-service (revocations at start-up)", serviceSecretHash, Roles.PLATFORM_SERVICE)))
                        .chain(() -> seedClient(client(NOTIFIER_SERVICE_CLIENT, PLATFORM_ORG, NOTIFIER_SERVICE_CLIENT_ID,
                                "notifier-service (revocations at start-up)", notifierSecretHash, Roles.PLATFORM_SERVICE))))))))
                .invoke(() -> LOG.info("demo tenant present: admin@demo.test and the other demo users, clients demo-integration, "
                        + "subscription-service and notifier-service"));
    }

    private Uni<Void> seedClient(ApiClient client) {
        return clients.findById(client.getId())
                .chain(existing -> existing != null ? Uni.createFrom().voidItem() : clients.persist(client).replaceWithVoid());
    }

    private Uni<Void> seedUsers(String passwordHash, int index) {
        if (index == DEMO_USERS.size()) {
            return Uni.createFrom().voidItem();
        }
        DemoUser demo = DEMO_USERS.get(index);
        return users.findById(demo.id())
                .chain(existing -> existing != null ? Uni.createFrom().voidItem()
                        : users.persist(user(demo.id(), demo.organizationId(), demo.username(), demo.displayName(), demo.role(), passwordHash))
                                .replaceWithVoid())
                .chain(() -> seedUsers(passwordHash, index + 1));
    }

    private Uni<Void> bootstrapAdmin() {
        if (config.bootstrap().adminPassword().isEmpty()) {
            return Panache.withSession(users::count).invoke(count -> {
                if (count == 0) {
                    LOG.warn("no user exists and callwire.auth.bootstrap.admin-password is not set: nobody can sign in");
                }
            }).replaceWithVoid();
        }
        String username = config.bootstrap().adminUsername().trim().toLowerCase(Locale.ROOT);
        return hasher.hash(config.bootstrap().adminPassword().get()).chain(hash -> Panache.withTransaction(() -> AdvisoryLocks.lock(AdvisoryLocks.SEED)
                .chain(() -> users.count())
                .chain(count -> {
                    if (count > 0) {
                        return Uni.createFrom().voidItem();
                    }
                    return organizations.findByName(config.bootstrap().organizationName())
                            .chain(org -> org != null ? Uni.createFrom().item(org)
                                    : organizations.persist(newOrganization(UUID.randomUUID(), config.bootstrap().organizationName())))
                            .chain(org -> users.persist(user(UUID.randomUUID(), org.getId(), username, "Platform Administrator",
                                    Roles.PLATFORM_ADMIN, hash)))
                            .invoke(() -> LOG.infof("first platform administrator %s created from configuration", username))
                            .replaceWithVoid();
                })));
    }

    private Uni<Void> organization(UUID id, String name) {
        return organizations.findById(id).chain(existing -> existing != null ? Uni.createFrom().voidItem()
                : organizations.persist(newOrganization(id, name)).replaceWithVoid());
    }

    private static Organization newOrganization(UUID id, String name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Organization org = new Organization();
        org.setId(id);
        org.setName(name);
        org.setCreatedAt(now);
        org.setUpdatedAt(now);
        return org;
    }

    private static UserAccount user(UUID id, UUID organizationId, String username, String displayName, String role, String hash) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UserAccount user = new UserAccount();
        user.setId(id);
        user.setOrganizationId(organizationId);
        user.setUsername(username);
        user.setDisplayName(displayName);
        user.setPasswordHash(hash);
        user.setRoles(List.of(role));
        user.setCreatedAt(now);
        user.setUpdatedAt(now);
        return user;
    }

    private static ApiClient client(UUID id, UUID organizationId, String clientId, String name, String secretHash, String role) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ApiClient client = new ApiClient();
        client.setId(id);
        client.setOrganizationId(organizationId);
        client.setClientId(clientId);
        client.setName(name);
        client.setSecretHash(secretHash);
        client.setRoles(List.of(role));
        client.setCreatedAt(now);
        client.setUpdatedAt(now);
        return client;
    }
}
