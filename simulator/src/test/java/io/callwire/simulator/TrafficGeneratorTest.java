package io.callwire.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.callwire.contract.event.EntityType;
import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventCodec;
import io.callwire.contract.event.EventDefinition;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.event.EventField;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficGeneratorTest {

    private static final EventCatalog CATALOG = EventCatalog.standard();
    private static final SimulatorConfig BUSY = SimulatorConfig.builder().organizations(3).usersPerOrganization(12)
            .queuesPerOrganization(3).callListsPerOrganization(2).rate(200).seed(7).maxEvents(30_000).build();
    private static final SimulatorConfig DEMO = SimulatorConfig.builder().demo(true).rate(20).seed(11).maxEvents(10_000)
            .build();

    /** What may follow each call event for the same CallId; null = how a call starts. */
    private static final Map<String, Set<String>> NEXT = Map.ofEntries(
            Map.entry("", Set.of("UserCallInComing", "UserCallOutGoing")),
            Map.entry("UserCallInComing", Set.of("UserCallInArrived")),
            Map.entry("UserCallInArrived", Set.of("UserCallInUserAllocated", "UserCallInDisconnected")),
            Map.entry("UserCallInUserAllocated", Set.of("UserCallInUserConnected", "UserCallInUserCancelled")),
            Map.entry("UserCallInUserCancelled", Set.of("UserCallInDisconnected")),
            Map.entry("UserCallInUserConnected", Set.of("UserWrapUpEnabled")),
            Map.entry("UserWrapUpEnabled", Set.of("UserCallAvailableForMonitoring", "UserCallInHoldStart",
                    "UserCallInTransferStarted", "UserCallInDisconnected")),
            Map.entry("UserCallAvailableForMonitoring", Set.of("UserCallInHoldStart", "UserCallInTransferStarted",
                    "UserCallInDisconnected")),
            Map.entry("UserCallInHoldStart", Set.of("UserCallInHoldEnd")),
            Map.entry("UserCallInHoldEnd", Set.of("UserCallInTransferStarted", "UserCallInDisconnected")),
            Map.entry("UserCallInTransferStarted", Set.of("UserCallInTransferConnected", "UserCallInTransferCancelled")),
            Map.entry("UserCallInTransferConnected", Set.of("UserCallInDisconnected")),
            Map.entry("UserCallInTransferCancelled", Set.of("UserCallInDisconnected")),
            // no wrap-up after a call the caller abandoned before it was connected
            Map.entry("UserCallInDisconnected", Set.of("UserWrapUpStarted")),
            Map.entry("UserWrapUpStarted", Set.of("UserWrapUpTerminated")),
            Map.entry("UserWrapUpTerminated", Set.of()),
            Map.entry("UserCallOutGoing", Set.of("UserCallOutConnected", "UserCallOutDisconnected")),
            Map.entry("UserCallOutConnected", Set.of("UserCallOutHoldStart", "UserCallOutDisconnected")),
            Map.entry("UserCallOutHoldStart", Set.of("UserCallOutHoldEnd")),
            Map.entry("UserCallOutHoldEnd", Set.of("UserCallOutDisconnected")),
            Map.entry("UserCallOutDisconnected", Set.of()));

    @Test
    void everyEventIsValidAgainstTheCatalogAndCarriesEveryDeclaredField() {
        EventCodec codec = new EventCodec();
        for (SimulatorConfig config : List.of(BUSY, DEMO)) {
            Simulator.events(config).forEach(event -> {
                assertThat(CATALOG.validate(event)).as("%s %s", event.eventType(), event.fields()).isEmpty();
                EventDefinition definition = CATALOG.find(event.eventType()).orElseThrow();
                assertThat(event.fields().properties()).extracting(Map.Entry::getKey)
                        .as(event.eventType())
                        .containsExactlyInAnyOrderElementsOf(definition.fields().stream().map(EventField::name).toList());
                assertThat(event.messageTtlSeconds()).isEqualTo(definition.exampleTtlSeconds());
            });
        }
        // and they survive the wire format
        Simulator.events(DEMO).limit(500).forEach(event -> {
            try {
                assertThat(codec.encodeToString(codec.decode(codec.encode(event)))).isEqualTo(codec.encodeToString(event));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void producesEveryKindOfTrafficTheSimulatorPromises() {
        Map<String, Long> counts = Simulator.events(BUSY)
                .collect(Collectors.groupingBy(EventEnvelope::eventType, Collectors.counting()));
        assertThat(counts).containsKeys("UserCallInComing", "UserCallInArrived", "UserCallInUserAllocated",
                "UserCallInUserConnected", "UserCallInHoldStart", "UserCallInHoldEnd", "UserCallInTransferStarted",
                "UserCallInTransferConnected", "UserCallInTransferCancelled", "UserCallInDisconnected",
                "UserCallInUserCancelled",
                "UserWrapUpEnabled", "UserWrapUpStarted", "UserWrapUpTerminated", "UserCallOutGoing",
                "UserCallOutConnected", "UserCallOutHoldStart", "UserCallOutHoldEnd", "UserCallOutDisconnected",
                "UserAvailability", "UserStatus", "QueueStatus", "CallbackChanged");
        assertThat(counts.get("QueueStatus")).isLessThan(30_000 / 3);
        assertThat(Simulator.events(DEMO).map(EventEnvelope::eventType)).contains("UserCallAvailableForMonitoring");
    }

    @Test
    void callEventsFollowTheFlowOfEachCall() {
        for (SimulatorConfig config : List.of(BUSY, DEMO)) {
            Map<String, List<EventEnvelope>> byCall = new LinkedHashMap<>();
            Instant previous = Instant.MIN;
            for (EventEnvelope event : Simulator.events(config).toList()) {
                assertThat(event.timestamp()).isAfterOrEqualTo(previous);
                previous = event.timestamp();
                if (NEXT.containsKey(event.eventType())) {
                    byCall.computeIfAbsent(event.fields().get("CallId").asText(), k -> new ArrayList<>()).add(event);
                } else if (event.eventType().equals("UserCallAvailableForMonitoring")) {
                    byCall.get(event.fields().get("CallId").asText()).add(event);
                }
            }
            int completeInbound = 0;
            int completeOutbound = 0;
            int abandoned = 0;
            for (var call : byCall.entrySet()) {
                String last = "";
                List<EventEnvelope> events = call.getValue();
                for (EventEnvelope event : events) {
                    assertThat(NEXT.get(last)).as("call %s: %s after '%s'", call.getKey(), event.eventType(), last)
                            .contains(event.eventType());
                    last = event.eventType();
                }
                // one agent, one leg, one queue, one caller for the whole call
                List<EventEnvelope> agentEvents = events.stream()
                        .filter(e -> !e.eventType().equals("UserCallAvailableForMonitoring")).toList();
                assertThat(agentEvents).extracting(e -> e.fields().get("UserId").asText()).containsOnly(
                        agentEvents.get(0).entityId().toString());
                assertThat(events).extracting(e -> e.fields().get("LegId").asText()).containsOnly(
                        events.get(0).fields().get("LegId").asText());
                assertThat(agentEvents).filteredOn(e -> e.fields().has("CallerNumber"))
                        .extracting(e -> e.fields().get("CallerNumber").asText()).hasSizeGreaterThan(0).containsOnly(
                                events.get(0).fields().get("CallerNumber").asText());
                Set<String> queues = events.stream()
                        .flatMap(e -> java.util.stream.Stream.of(e.fields().path("QueueId"), e.fields().path("TechQueueId")))
                        .filter(JsonNode::isTextual).map(JsonNode::asText).collect(Collectors.toSet());
                assertThat(queues).hasSizeLessThanOrEqualTo(1);
                boolean connected = events.stream().anyMatch(e -> e.eventType().equals("UserCallInUserConnected"));
                if (last.equals("UserCallInDisconnected") && !connected) {
                    abandoned++;
                }
                if (!connected && events.stream().anyMatch(e -> e.eventType().equals("UserCallInDisconnected"))) {
                    assertThat(last).as("an abandoned call is not wrapped up").isEqualTo("UserCallInDisconnected");
                }
                if (last.equals("UserWrapUpTerminated")) {
                    completeInbound++;
                    assertThat(queues).hasSize(1);
                    String queueId = queues.iterator().next();
                    assertThat(events.stream()
                            .flatMap(e -> java.util.stream.Stream.of(e.fields().path("QueueName"), e.fields().path("TechQueueName")))
                            .filter(JsonNode::isTextual).map(JsonNode::asText))
                            .isSubsetOf(queueName(config, queueId));
                }
                if (last.equals("UserCallOutDisconnected")) {
                    completeOutbound++;
                }
            }
            assertThat(completeInbound).isGreaterThan(100);
            assertThat(completeOutbound).isGreaterThan(50);
            assertThat(abandoned).isGreaterThan(config == BUSY ? 10 : 3);
        }
    }

    @Test
    void userStatusFollowsWhatTheAgentIsDoing() {
        Map<UUID, Boolean> inCall = new HashMap<>();
        Map<UUID, String> availability = new HashMap<>();
        Map<UUID, Boolean> inWrapUp = new HashMap<>();
        Set<String> states = new HashSet<>();
        int checked = 0;
        for (EventEnvelope event : Simulator.events(BUSY).toList()) {
            UUID user = event.entityId();
            switch (event.eventType()) {
                case "UserCallInComing", "UserCallOutGoing" -> inCall.put(user, true);
                case "UserCallInDisconnected", "UserCallOutDisconnected" -> inCall.put(user, false);
                case "UserWrapUpStarted" -> inWrapUp.put(user, true);
                case "UserWrapUpTerminated" -> inWrapUp.put(user, false);
                case "UserAvailability" -> {
                    availability.put(user, event.fields().get("Availability").asText());
                    states.add(event.fields().get("Availability").asText());
                }
                case "UserStatus" -> {
                    JsonNode f = event.fields();
                    String state = availability.getOrDefault(user, "Available");
                    boolean talking = inCall.getOrDefault(user, false);
                    boolean wrapUp = inWrapUp.getOrDefault(user, false);
                    assertThat(f.get("Talking").asBoolean()).isEqualTo(talking);
                    assertThat(f.get("AvailabilityStatus").asText()).isEqualTo(state);
                    assertThat(f.get("Available").asBoolean()).isEqualTo(state.equals("Available"));
                    assertThat(f.get("Schedule").asBoolean()).isEqualTo(!state.equals("OffWork"));
                    assertThat(f.get("CanBeAllocatedTo").asBoolean())
                            .isEqualTo(state.equals("Available") && !talking && !wrapUp);
                    assertThat(f.get("WrapUpEnd").isNull()).isEqualTo(!wrapUp);
                    checked++;
                }
                default -> {
                }
            }
        }
        assertThat(states).contains("BRB", "Away", "DoNotDisturb", "Busy", "OffWork", "Available");
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void queueStatusCountersAreConsistent() {
        int seen = 0;
        boolean sawQueuing = false;
        boolean sawConnected = false;
        Map<UUID, EventEnvelope> previous = new HashMap<>();
        for (EventEnvelope event : Simulator.events(BUSY).filter(e -> e.eventType().equals("QueueStatus")).toList()) {
            JsonNode f = event.fields();
            EventEnvelope last = previous.put(event.entityId(), event);
            if (last != null && last.fields().equals(f)) {
                assertThat(java.time.Duration.between(last.timestamp(), event.timestamp()))
                        .as("an unchanged status is repeated only after six intervals")
                        .isGreaterThanOrEqualTo(BUSY.queueStatusInterval().multipliedBy(6));
            }
            assertThat(event.entityType()).isEqualTo(EntityType.QUEUE);
            assertThat(f.get("QueueId").asText()).isEqualTo(event.entityId().toString());
            f.properties().stream().filter(e -> e.getKey().startsWith("NbrOf") || e.getKey().equals("MaxWaitTime"))
                    .forEach(e -> assertThat(e.getValue().asLong()).as(e.getKey()).isNotNegative());
            int requesters = f.get("NbrOfRequesters").asInt();
            int queuing = f.get("NbrOfQueuingRequesters").asInt();
            int allocated = f.get("NbrOfAllocated").asInt();
            int connected = f.get("NbrOfConnected").asInt();
            int checkedIn = f.get("NbrOfAgentsCheckedInQueue").asInt();
            assertThat(queuing).isLessThanOrEqualTo(requesters);
            assertThat(queuing + allocated + connected).isEqualTo(requesters);
            assertThat(f.get("NbrOfNotServedRequesters").asInt()).isEqualTo(requesters - connected);
            assertThat(requesters).as("every call is with an agent of the queue").isLessThanOrEqualTo(
                    f.get("NbrOfAgentsShortTermAway").asInt());
            assertThat(f.get("NbrOfAgentsImmediatelyFree").asInt() + f.get("NbrOfAgentsShortTermAway").asInt()
                    + f.get("NbrOfAgentsLongTermAway").asInt()).isEqualTo(checkedIn);
            assertThat(f.get("NbrOfProviders").asInt()).isEqualTo(checkedIn);
            assertThat(f.get("NbrOfAgentsOnWrapUp").asInt()).isLessThanOrEqualTo(checkedIn);
            assertThat(f.get("NbrOfServingAgentsEstimate").asInt()).isLessThanOrEqualTo(checkedIn);
            sawQueuing |= queuing > 0;
            sawConnected |= connected > 0;
            seen++;
        }
        assertThat(seen).isGreaterThan(100);
        assertThat(sawQueuing).isTrue();
        assertThat(sawConnected).isTrue();
    }

    @Test
    void callbacksAreCreatedAttemptedAndClosed() {
        Map<String, List<EventEnvelope>> byCallback = new LinkedHashMap<>();
        Simulator.events(BUSY).filter(e -> e.eventType().equals("CallbackChanged"))
                .forEach(e -> byCallback.computeIfAbsent(e.fields().get("CallBackId").asText(), k -> new ArrayList<>()).add(e));
        int closed = 0;
        for (List<EventEnvelope> events : byCallback.values()) {
            assertThat(events.get(0).fields().get("Created").asBoolean()).isTrue();
            assertThat(events.get(0).fields().get("CallbackAttempts")).isEmpty();
            for (int i = 1; i < events.size(); i++) {
                JsonNode f = events.get(i).fields();
                assertThat(f.get("Created").asBoolean()).isFalse();
                assertThat(f.get("CallbackAttempts")).hasSize(i);
                assertThat(f.get("LastAttemptUserId").isNull()).isFalse();
                assertThat(events.get(i - 1).fields().get("IsClosed").asBoolean()).as("no change after closing").isFalse();
            }
            assertThat(events).extracting(EventEnvelope::entityId).containsOnly(events.get(0).entityId());
            if (events.get(events.size() - 1).fields().get("IsClosed").asBoolean()) {
                closed++;
            }
        }
        assertThat(byCallback).hasSizeGreaterThan(20);
        assertThat(closed).isGreaterThan(5);
    }

    @Test
    void everyEventStaysInsideItsTenant() {
        Map<UUID, Set<UUID>> entitiesByOrg = new HashMap<>();
        TrafficGenerator generator = new TrafficGenerator(BUSY);
        for (Tenant tenant : generator.tenants()) {
            Set<UUID> ids = new HashSet<>();
            tenant.agents().forEach(a -> ids.add(a.id()));
            tenant.queues().forEach(q -> ids.add(q.id()));
            tenant.callLists().forEach(l -> ids.add(l.id()));
            entitiesByOrg.put(tenant.id(), ids);
        }
        assertThat(entitiesByOrg).hasSize(3);
        Simulator.events(BUSY).forEach(e -> {
            assertThat(entitiesByOrg.get(e.organizationId())).contains(e.entityId());
            assertThat(e.fields().get("OrganizationId").asText()).isEqualTo(e.organizationId().toString());
        });
    }

    @Test
    void theSameSeedGivesTheSameTraffic() {
        EventCodec codec = new EventCodec();
        List<String> first = Simulator.events(DEMO).limit(2_000).map(codec::encodeToString).toList();
        List<String> second = Simulator.events(DEMO).limit(2_000).map(codec::encodeToString).toList();
        List<String> otherSeed = Simulator.events(DEMO.toBuilder().seed(12).build()).limit(2_000)
                .map(codec::encodeToString).toList();
        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(new TrafficGenerator(BUSY).tenants()).isEqualTo(new TrafficGenerator(BUSY).tenants());
    }

    @Test
    void demoTrafficUsesTheDemoTenantsFixedIds() {
        Set<UUID> allowed = new HashSet<>(DemoTenant.AGENT_IDS);
        allowed.add(DemoTenant.SUPERVISOR_ID);
        allowed.addAll(List.of(DemoTenant.QUEUE_SALES, DemoTenant.QUEUE_SUPPORT, DemoTenant.QUEUE_BILLING,
                DemoTenant.CALL_LIST_SALES, DemoTenant.CALL_LIST_SUPPORT));
        List<EventEnvelope> events = Simulator.events(DEMO).toList();
        assertThat(events).extracting(EventEnvelope::organizationId).containsOnly(DemoTenant.ORGANIZATION_ID);
        assertThat(events).extracting(EventEnvelope::entityId).isSubsetOf(allowed)
                .contains(DemoTenant.AGENT_IDS.toArray(UUID[]::new))
                .contains(DemoTenant.QUEUE_SALES, DemoTenant.QUEUE_SUPPORT, DemoTenant.QUEUE_BILLING,
                        DemoTenant.CALL_LIST_SALES, DemoTenant.CALL_LIST_SUPPORT, DemoTenant.SUPERVISOR_ID);
        assertThat(events).filteredOn(e -> e.eventType().equals("QueueStatus"))
                .extracting(e -> e.fields().get("QueueName").asText()).contains("Sales", "Support", "Billing");
        assertThat(events).filteredOn(e -> e.eventType().equals("UserStatus"))
                .extracting(e -> e.fields().get("UserId").asText())
                .doesNotContain(DemoTenant.ADMIN_ID.toString(), DemoTenant.SUPERVISOR_ID.toString());
    }

    @Test
    void stampsEventsAtTheConfiguredRate() {
        List<EventEnvelope> events = Simulator.events(DEMO).limit(41).toList();
        assertThat(events.get(0).timestamp()).isEqualTo(DEMO.startTime());
        assertThat(events.get(40).timestamp()).isEqualTo(DEMO.startTime().plusSeconds(2)); // 20 events/s
        assertThat(Simulator.events(DEMO.toBuilder().maxEvents(0).duration(java.time.Duration.ofSeconds(3)).build()))
                .hasSize(60);
    }

    private static String queueName(SimulatorConfig config, String queueId) {
        return new TrafficGenerator(config).tenants().stream().flatMap(t -> t.queues().stream())
                .filter(q -> q.id().toString().equals(queueId)).findFirst().orElseThrow().name();
    }
}
