package io.callwire.simulator;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The demo organization every module shares (auth-service's {@code %local} seed, the simulator's
 * {@code --demo} traffic, the documentation): one organization, five agents and a supervisor,
 * three queues, two call lists, with fixed GUIDs.
 */
public final class DemoTenant {

    /** "Demo Contact Center". */
    public static final UUID ORGANIZATION_ID = UUID.fromString("6f0d3c1e-5a2b-4c8d-9e7f-0a1b2c3d4e5f");
    /** Name of the demo organization. */
    public static final String ORGANIZATION_NAME = "Demo Contact Center";
    /** {@code admin@demo.test}, org-admin (no traffic of its own). */
    public static final UUID ADMIN_ID = UUID.fromString("6f0d3c1e-0001-4000-8000-000000000001");
    /** {@code supervisor@demo.test}. */
    public static final UUID SUPERVISOR_ID = UUID.fromString("6f0d3c1e-0001-4000-8000-000000000002");
    /** {@code agent1@demo.test} … {@code agent5@demo.test}. */
    public static final List<UUID> AGENT_IDS = List.of(
            UUID.fromString("6f0d3c1e-0001-4000-8000-000000000011"),
            UUID.fromString("6f0d3c1e-0001-4000-8000-000000000012"),
            UUID.fromString("6f0d3c1e-0001-4000-8000-000000000013"),
            UUID.fromString("6f0d3c1e-0001-4000-8000-000000000014"),
            UUID.fromString("6f0d3c1e-0001-4000-8000-000000000015"));
    /** Queue "Sales". */
    public static final UUID QUEUE_SALES = UUID.fromString("6f0d3c1e-0002-4000-8000-000000000001");
    /** Queue "Support". */
    public static final UUID QUEUE_SUPPORT = UUID.fromString("6f0d3c1e-0002-4000-8000-000000000002");
    /** Queue "Billing". */
    public static final UUID QUEUE_BILLING = UUID.fromString("6f0d3c1e-0002-4000-8000-000000000003");
    /** Call list "Callbacks Sales". */
    public static final UUID CALL_LIST_SALES = UUID.fromString("6f0d3c1e-0003-4000-8000-000000000001");
    /** Call list "Callbacks Support". */
    public static final UUID CALL_LIST_SUPPORT = UUID.fromString("6f0d3c1e-0003-4000-8000-000000000002");

    private DemoTenant() {
    }

    /** The demo organization as a simulated tenant. */
    public static Tenant tenant() {
        List<Tenant.Person> agents = java.util.stream.IntStream.range(0, AGENT_IDS.size())
                .mapToObj(i -> new Tenant.Person(AGENT_IDS.get(i), "agent" + (i + 1) + "@demo.test",
                        "+3584000000" + (11 + i)))
                .toList();
        return new Tenant(ORGANIZATION_ID, ORGANIZATION_NAME, agents,
                Optional.of(new Tenant.Person(SUPERVISOR_ID, "supervisor@demo.test", "+358400000002")),
                List.of(new Tenant.Queue(QUEUE_SALES, "Sales", "+358100000001"),
                        new Tenant.Queue(QUEUE_SUPPORT, "Support", "+358100000002"),
                        new Tenant.Queue(QUEUE_BILLING, "Billing", "+358100000003")),
                List.of(new Tenant.CallList(CALL_LIST_SALES, "Callbacks Sales", QUEUE_SALES),
                        new Tenant.CallList(CALL_LIST_SUPPORT, "Callbacks Support", QUEUE_SUPPORT)));
    }
}
