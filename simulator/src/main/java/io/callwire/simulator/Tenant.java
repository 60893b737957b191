package io.callwire.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * One simulated organization: its agents, an optional supervisor, its service queues and call lists.
 *
 * @param id         organization GUID ({@code RootEntityId} of its events)
 * @param name       display name
 * @param agents     the users who take and make calls
 * @param supervisor a supervisor who is offered calls for monitoring, if any
 * @param queues     service queues; every agent serves one or two of them
 * @param callLists  callback lists; each is fed by one queue
 */
public record Tenant(UUID id, String name, List<Person> agents, Optional<Person> supervisor, List<Queue> queues,
                     List<CallList> callLists) {

    /** Checks that the tenant can carry traffic. */
    public Tenant {
        Objects.requireNonNull(id, "id");
        agents = List.copyOf(agents);
        queues = List.copyOf(queues);
        callLists = List.copyOf(callLists);
        if (agents.isEmpty() || queues.isEmpty()) {
            throw new IllegalArgumentException("a tenant needs at least one agent and one queue");
        }
    }

    /**
     * A user of the tenant.
     *
     * @param id       user GUID
     * @param username login name
     * @param number   the user's phone number
     */
    public record Person(UUID id, String username, String number) {
    }

    /**
     * A service queue.
     *
     * @param id     queue GUID
     * @param name   display name
     * @param number the number callers dial
     */
    public record Queue(UUID id, String name, String number) {
    }

    /**
     * A callback list.
     *
     * @param id      call-list GUID
     * @param name    display name
     * @param queueId the queue whose callback requests land in this list
     */
    public record CallList(UUID id, String name, UUID queueId) {
    }

    private static final String[] QUEUE_NAMES = {"Sales", "Support", "Billing", "Returns", "Claims", "Onboarding",
        "Renewals", "Technical", "Priority", "Partners"};

    /**
     * A tenant with ids drawn from {@code random}, so that the same seed gives the same tenants.
     *
     * @param index     the tenant's position, used in names and numbers
     * @param users     number of agents
     * @param queues    number of queues
     * @param callLists number of call lists
     * @param random    the source of ids
     */
    public static Tenant generate(int index, int users, int queues, int callLists, RandomGenerator random) {
        UUID orgId = uuid(random);
        String domain = "org" + (index + 1) + ".test";
        List<Person> agents = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            agents.add(new Person(uuid(random), "agent" + (i + 1) + "@" + domain,
                    String.format("+35840%03d%04d", index % 1000, i % 10_000)));
        }
        List<Queue> queueList = new ArrayList<>();
        for (int i = 0; i < queues; i++) {
            String name = QUEUE_NAMES[i % QUEUE_NAMES.length] + (i < QUEUE_NAMES.length ? "" : " " + (i / QUEUE_NAMES.length + 1));
            queueList.add(new Queue(uuid(random), name, String.format("+35810%03d%04d", index % 1000, i % 10_000)));
        }
        List<CallList> lists = new ArrayList<>();
        for (int i = 0; i < callLists; i++) {
            Queue queue = queueList.get(i % queueList.size());
            lists.add(new CallList(uuid(random), "Callbacks " + queue.name(), queue.id()));
        }
        return new Tenant(orgId, "Organization " + (index + 1), agents, Optional.empty(), queueList, lists);
    }

    /** A version-4 GUID drawn from {@code random} (deterministic for a seeded generator). */
    static UUID uuid(RandomGenerator random) {
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
