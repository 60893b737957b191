package io.callwire.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callwire.contract.event.EntityType;
import io.callwire.contract.event.EventCatalog;
import io.callwire.contract.event.EventEnvelope;
import io.callwire.contract.event.Timestamps;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The contact-center model behind the simulator: agents who take queue calls, make outbound calls
 * and callback attempts, go on breaks and wrap up; queues whose {@code QueueStatus} counters follow
 * the calls in progress; call lists whose callbacks are created, attempted and closed.
 *
 * <p>Every call of {@link #next(Instant)} returns one event. Each agent advances one step at a
 * time through its current activity, so a call's events are always in flow order:
 * {@code UserCallInComing → UserCallInArrived → UserCallInUserAllocated → UserCallInUserConnected →
 * UserWrapUpEnabled → [hold] → [transfer started → connected | cancelled] → UserCallInDisconnected →
 * UserWrapUpStarted → UserWrapUpTerminated}, and {@code UserCallOutGoing → [UserCallOutConnected →
 * [hold]] → UserCallOutDisconnected}. {@code UserStatus} follows every change of what an agent is
 * doing, {@code UserAvailability} every break.
 *
 * <p>Deterministic: every choice and every generated id comes from one {@link SplittableRandom}
 * seeded with {@link SimulatorConfig#seed()}; with the same timestamps the same events come out.
 * Not thread-safe: one thread (or one event loop) drives a generator.
 */
public final class TrafficGenerator {

    /** .NET's DateTime.MaxValue, which the core sends as the end of a continuous availability state. */
    static final String DATE_TIME_MAX = "9999-12-31T23:59:59.9999999";

    private static final String[] BREAKS = {"BRB", "Away", "DoNotDisturb", "Busy", "OffWork"};
    private static final double[] BREAK_WEIGHTS = {0.35, 0.25, 0.2, 0.1, 0.1};
    private static final String[] BREAK_NOTES = {"Coffee", "Lunch", "Training", "Team meeting", ""};
    private static final String[] CONTACT_NAMES = {"Aino Virtanen", "Mikko Korhonen", "Sara Nieminen", "Jonas Berg",
        "Emma Laine", "Lucas Meyer", "Olivia Smith", "Noah Jensen", ""};
    private static final String[] CONTACT_MESSAGES = {"Please call me back about my invoice",
        "Question about my order", "", "Need help with my account"};

    private final SplittableRandom random;
    private final EventTemplates templates;
    private final List<Tenant> tenants;
    private final List<Org> orgs = new ArrayList<>();
    private final List<Agent> agents = new ArrayList<>();
    private final List<CallListState> callLists = new ArrayList<>();
    private final PriorityQueue<QueueState> statusSchedule = new PriorityQueue<>(
            Comparator.comparing((QueueState q) -> q.nextStatus).thenComparingInt(q -> q.order));
    private final Duration statusInterval;
    private Instant clock;
    private long emitted;

    /** A generator for the tenants the configuration describes (the demo tenant or generated ones). */
    public TrafficGenerator(SimulatorConfig config) {
        this.random = new SplittableRandom(config.seed());
        this.templates = new EventTemplates(EventCatalog.standard());
        List<Tenant> list = new ArrayList<>();
        if (config.demo()) {
            list.add(DemoTenant.tenant());
        } else {
            for (int i = 0; i < config.organizations(); i++) {
                list.add(Tenant.generate(i, config.usersPerOrganization(), config.queuesPerOrganization(),
                        config.callListsPerOrganization(), random));
            }
        }
        this.tenants = List.copyOf(list);
        int queueCount = 0;
        for (Tenant tenant : tenants) {
            Org org = new Org(tenant);
            orgs.add(org);
            for (Tenant.Queue queue : tenant.queues()) {
                QueueState state = new QueueState(queue, org, queueCount++);
                org.queues.add(state);
            }
            for (int i = 0; i < tenant.agents().size(); i++) {
                Agent agent = new Agent(tenant.agents().get(i), org);
                // every agent serves one queue, and every other agent a second one
                agent.queues.add(org.queues.get(i % org.queues.size()));
                if (i % 2 == 1 && org.queues.size() > 1) {
                    agent.queues.add(org.queues.get((i + 1) % org.queues.size()));
                }
                agent.queues.forEach(q -> q.members.add(agent));
                org.agents.add(agent);
                agents.add(agent);
            }
            for (Tenant.CallList list1 : tenant.callLists()) {
                QueueState queue = org.queues.stream().filter(q -> q.queue.id().equals(list1.queueId())).findFirst()
                        .orElse(org.queues.get(0));
                CallListState state = new CallListState(list1, queue);
                org.callLists.add(state);
                callLists.add(state);
            }
        }
        // QueueStatus at most about a quarter of the traffic, whatever the rate and the number of queues
        double seconds = Math.max(config.queueStatusInterval().toNanos() / 1e9, queueCount / (0.25 * config.rate()));
        this.statusInterval = Duration.ofNanos((long) (seconds * 1e9));
    }

    /** The simulated tenants. */
    public List<Tenant> tenants() {
        return tenants;
    }

    /** How many events this generator has produced. */
    public long emitted() {
        return emitted;
    }

    /**
     * The events of a configuration stamped with event time ({@link SimulatorConfig#startTime()}
     * plus one {@code 1/rate} second per event), without a broker: for tests and benchmarks.
     * Limited by {@link SimulatorConfig#maxEvents()} or {@link SimulatorConfig#duration()} when set,
     * infinite otherwise.
     */
    public static Stream<EventEnvelope> stream(SimulatorConfig config) {
        TrafficGenerator generator = new TrafficGenerator(config);
        long limit = config.maxEvents() > 0 ? config.maxEvents()
                : config.duration() != null ? (long) Math.ceil(config.duration().toNanos() / 1e9 * config.rate())
                : Long.MAX_VALUE;
        double nanosPerEvent = 1e9 / config.rate();
        Iterator<EventEnvelope> iterator = new Iterator<>() {
            private long index;

            @Override
            public boolean hasNext() {
                return index < limit;
            }

            @Override
            public EventEnvelope next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                Instant at = config.startTime().plusNanos(Math.round(index * nanosPerEvent));
                index++;
                return generator.next(at);
            }
        };
        return StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(iterator,
                java.util.Spliterator.ORDERED | java.util.Spliterator.NONNULL), false);
    }

    /**
     * The next event, stamped {@code now} (or the previous event's time if {@code now} is earlier,
     * so timestamps never go backwards).
     */
    public EventEnvelope next(Instant now) {
        if (clock == null) {
            clock = now;
            int total = 0;
            for (Org org : orgs) {
                total += org.queues.size();
            }
            for (Org org : orgs) {
                for (QueueState q : org.queues) {
                    // stagger the queues over one interval
                    q.nextStatus = now.plusNanos(statusInterval.toNanos() * (q.order + 1) / total);
                    statusSchedule.add(q);
                }
            }
        } else if (now.isBefore(clock)) {
            now = clock;
        }
        clock = now;
        emitted++;
        QueueState due = statusSchedule.peek();
        if (due != null && !due.nextStatus.isAfter(now)) {
            statusSchedule.poll();
            due.nextStatus = now.plus(statusInterval);
            statusSchedule.add(due);
            EventEnvelope status = queueStatus(due, now);
            // like the core: only when something changed, but at least every few intervals (the TTL is 60 s)
            if (!status.fields().equals(due.lastStatus) || !now.isBefore(due.lastStatusAt.plus(statusInterval.multipliedBy(6)))) {
                due.lastStatus = status.fields();
                due.lastStatusAt = now;
                return status;
            }
        }
        if (!callLists.isEmpty() && random.nextDouble() < 0.03) {
            CallListState list = callLists.get(random.nextInt(callLists.size()));
            if (list.open.size() + list.inProgress < 8) {
                return callbackCreated(list, now);
            }
        }
        while (true) {
            Agent agent = agents.get(random.nextInt(agents.size()));
            if (agent.pending.isEmpty()) {
                startActivity(agent);
            }
            EventEnvelope event = agent.pending.poll().run(now);
            if (event != null) {
                return event;
            }
        }
    }

    // ---------------------------------------------------------------- activities

    private void startActivity(Agent a) {
        if (!"Available".equals(a.availability)) {
            backFromBreak(a);
            return;
        }
        double r = random.nextDouble();
        if (r < 0.55) {
            inboundCall(a);
        } else if (r < 0.75) {
            Callback callback = takeCallback(a.org);
            if (callback != null) {
                outboundCall(a, callback);
            } else {
                outboundCall(a, null);
            }
        } else if (r < 0.87) {
            takeBreak(a);
        } else {
            waits(a, 1 + random.nextInt(3)); // idle for a while
        }
    }

    private void inboundCall(Agent a) {
        QueueState q = a.queues.get(random.nextInt(a.queues.size()));
        Call c = new Call(Tenant.uuid(random), leg(), q, randomNumber(), q.queue.number());
        c.agentLegId = leg();
        c.wrapUpId = Tenant.uuid(random);
        c.maxWrapUpSeconds = 30 + 15 * random.nextInt(5);
        a.pending.add(now -> {
            c.state = CallState.QUEUING;
            c.enqueuedAt = now;
            q.calls.add(c);
            a.call = c;
            setTalking(a, true, now);
            return userEvent("UserCallInComing", a, c, now, null);
        });
        a.pending.add(now -> userEvent("UserCallInArrived", a, c, now, null));
        waits(a, random.nextInt(3));
        double abandon = random.nextDouble();
        if (abandon < 0.03) {
            abandoned(a, c, false);
            return;
        }
        a.pending.add(now -> {
            c.state = CallState.ALLOCATED;
            return userEvent("UserCallInUserAllocated", a, c, now, f -> f.put("DetailedReason", "LongestIdle"));
        });
        if (abandon < 0.07) {
            waits(a, random.nextInt(2));
            abandoned(a, c, true);
            return;
        }
        a.pending.add(now -> userStatus(a, now));
        waits(a, random.nextInt(2));
        a.pending.add(now -> {
            c.state = CallState.CONNECTED;
            c.connectedAt = now;
            return userEvent("UserCallInUserConnected", a, c, now, null);
        });
        a.pending.add(now -> userEvent("UserWrapUpEnabled", a, c, now, f -> wrapUpFields(f, c)));
        a.org.tenant.supervisor().filter(s -> random.nextDouble() < 0.3)
                .ifPresent(supervisor -> a.pending.add(now -> monitoring(a, supervisor, c, now)));
        waits(a, 1 + random.nextInt(4));
        if (random.nextDouble() < 0.3) {
            a.pending.add(now -> userEvent("UserCallInHoldStart", a, c, now, null));
            waits(a, 1 + random.nextInt(2));
            a.pending.add(now -> userEvent("UserCallInHoldEnd", a, c, now, null));
            waits(a, random.nextInt(2));
        }
        if (random.nextDouble() < 0.15) {
            Agent colleague = a.org.agents.get(random.nextInt(a.org.agents.size()));
            String target = colleague != a ? colleague.person.id().toString() : randomNumber();
            Consumer<ObjectNode> transfer = f -> {
                setIfPresent(f, "TransferTarget", target);
                setIfPresent(f, "TransferSource", a.person.number());
                f.put("TransferApplet", "AttendedTransfer");
                f.put("TechSource", "User");
            };
            a.pending.add(now -> userEvent("UserCallInTransferStarted", a, c, now, transfer));
            waits(a, 1 + random.nextInt(2));
            if (random.nextDouble() < 0.7) {
                a.pending.add(now -> userEvent("UserCallInTransferConnected", a, c, now,
                        transfer.andThen(f -> f.put("ConnectedTarget", target))));
            } else {
                a.pending.add(now -> userEvent("UserCallInTransferCancelled", a, c, now, transfer.andThen(f -> {
                    f.put("Reason", "NoAnswer");
                    f.put("DetailedReason", "Transfer target did not answer");
                })));
            }
        }
        waits(a, random.nextInt(2));
        boolean remote = random.nextDouble() < 0.6;
        a.pending.add(now -> {
            q.calls.remove(c);
            c.state = null;
            setTalking(a, false, now);
            a.wrapUpStart = now;
            a.wrapUpEnd = now.plusSeconds(c.maxWrapUpSeconds);
            return userEvent("UserCallInDisconnected", a, c, now, f -> {
                f.put("Reason", remote ? "remote" : "local");
                f.put("TechReason", "16");
            });
        });
        a.pending.add(now -> userEvent("UserWrapUpStarted", a, c, now, f -> wrapUpFields(f, c)));
        a.pending.add(now -> userStatus(a, now));
        waits(a, 1 + random.nextInt(4));
        boolean manual = random.nextDouble() < 0.5;
        a.pending.add(now -> {
            long elapsed = Duration.between(a.wrapUpStart, now).toSeconds();
            boolean timer = !manual || elapsed >= c.maxWrapUpSeconds;
            a.wrapUpStart = null;
            a.wrapUpEnd = null;
            a.call = null;
            return userEvent("UserWrapUpTerminated", a, c, now, f -> {
                wrapUpFields(f, c);
                f.remove("MaxWrapUpDurationSec");
                f.put("Reason", timer ? "timer" : "manual");
                f.put("ElapsedTimeSec", (int) Math.min(elapsed, c.maxWrapUpSeconds));
            });
        });
        a.pending.add(now -> userStatus(a, now));
    }

    /** The caller hangs up before the agent answers: no conversation, no wrap-up. */
    private void abandoned(Agent a, Call c, boolean whileRinging) {
        if (whileRinging) {
            a.pending.add(now -> userEvent("UserCallInUserCancelled", a, c, now, f -> {
                f.put("Reason", "CallerDisconnected");
                f.put("DetailedReason", "Caller hung up while the agent's phone was ringing");
            }));
        }
        a.pending.add(now -> {
            c.queue.calls.remove(c);
            c.state = null;
            setTalking(a, false, now);
            a.call = null;
            return userEvent("UserCallInDisconnected", a, c, now, f -> {
                f.put("Reason", "remote");
                f.put("TechReason", "487");
            });
        });
        a.pending.add(now -> userStatus(a, now));
    }

    private void outboundCall(Agent a, Callback callback) {
        String target = callback != null ? callback.contactNumber : randomNumber();
        Call c = new Call(Tenant.uuid(random), leg(), null, a.person.number(), target);
        c.callback = callback;
        String callAs = callback != null ? callback.list.queue.queue.number() : "";
        a.pending.add(now -> {
            a.call = c;
            setTalking(a, true, now);
            return userEvent("UserCallOutGoing", a, c, now, f -> f.put("CallAsNumber", callAs));
        });
        a.pending.add(now -> userStatus(a, now));
        waits(a, random.nextInt(2));
        boolean answered = random.nextDouble() < 0.75;
        if (answered) {
            a.pending.add(now -> userEvent("UserCallOutConnected", a, c, now, null));
            waits(a, 1 + random.nextInt(4));
            if (random.nextDouble() < 0.2) {
                a.pending.add(now -> userEvent("UserCallOutHoldStart", a, c, now, null));
                waits(a, 1 + random.nextInt(2));
                a.pending.add(now -> userEvent("UserCallOutHoldEnd", a, c, now, null));
            }
        }
        a.pending.add(now -> {
            setTalking(a, false, now);
            return userEvent("UserCallOutDisconnected", a, c, now, f -> {
                f.put("Reason", answered && random.nextDouble() < 0.5 ? "remote" : "local");
                f.put("TechReason", answered ? "16" : "19");
            });
        });
        a.pending.add(now -> {
            a.call = null;
            return userStatus(a, now);
        });
        if (callback != null) {
            a.pending.add(now -> callbackAttempted(callback, a, c, answered, now));
        }
    }

    private void takeBreak(Agent a) {
        double r = random.nextDouble();
        int kind = 0;
        for (double sum = BREAK_WEIGHTS[0]; r > sum && kind < BREAKS.length - 1; sum += BREAK_WEIGHTS[++kind]) {
            // find the weighted choice
        }
        String state = BREAKS[kind];
        String note = BREAK_NOTES[kind];
        a.pending.add(now -> {
            a.availability = state;
            a.note = note;
            return availability(a, now);
        });
        a.pending.add(now -> userStatus(a, now));
        waits(a, 3 + random.nextInt(6));
    }

    private void backFromBreak(Agent a) {
        a.pending.add(now -> {
            a.availability = "Available";
            a.note = "";
            return availability(a, now);
        });
        a.pending.add(now -> userStatus(a, now));
    }

    private void waits(Agent a, int steps) {
        for (int i = 0; i < steps; i++) {
            a.pending.add(now -> null);
        }
    }

    private Callback takeCallback(Org org) {
        int n = org.callLists.size();
        int start = n == 0 ? 0 : random.nextInt(n);
        for (int i = 0; i < n; i++) {
            CallListState list = org.callLists.get((start + i) % n);
            Callback callback = list.open.poll();
            if (callback != null) {
                list.inProgress++;
                return callback;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- events

    private EventEnvelope userEvent(String name, Agent a, Call c, Instant now, Consumer<ObjectNode> custom) {
        ObjectNode f = templates.fields(name);
        setIfPresent(f, "OrganizationId", a.org.tenant.id().toString());
        setIfPresent(f, "UserId", a.person.id().toString());
        setIfPresent(f, "UserName", a.person.username());
        setIfPresent(f, "Username", a.person.username());
        setIfPresent(f, "UserNumber", a.person.number());
        if (c != null) {
            setIfPresent(f, "CallId", c.id.toString());
            setIfPresent(f, "LegId", c.legId);
            if (c.agentLegId != null) {
                setIfPresent(f, "AgentLegId", c.agentLegId);
            }
            setIfPresent(f, "CallerNumber", c.callerNumber);
            setIfPresent(f, "TargetNumber", c.targetNumber);
            if (c.queue != null) {
                setIfPresent(f, "QueueId", c.queue.queue.id().toString());
                setIfPresent(f, "QueueName", c.queue.queue.name());
                setIfPresent(f, "TechQueueId", c.queue.queue.id().toString());
                setIfPresent(f, "TechQueueName", c.queue.queue.name());
            }
        }
        if (custom != null) {
            custom.accept(f);
        }
        return envelope(name, EntityType.USER, a.org, a.person.id(), now, f);
    }

    private EventEnvelope userStatus(Agent a, Instant now) {
        return userEvent("UserStatus", a, null, now, f -> {
            boolean available = "Available".equals(a.availability);
            boolean schedule = !"OffWork".equals(a.availability);
            f.put("CanBeAllocatedTo", available && !a.talking && a.wrapUpStart == null);
            f.put("Talking", a.talking);
            putTime(f, "TalkingStatusChanged", a.talkingChanged);
            f.put("ActiveQueueId", a.talking && a.call != null && a.call.queue != null
                    ? a.call.queue.queue.id().toString() : null);
            f.put("ActiveCallListId", a.talking && a.call != null && a.call.callback != null
                    ? a.call.callback.list.list.id().toString() : null);
            f.put("Available", available);
            f.put("Schedule", schedule);
            f.put("Serving", schedule);
            f.put("ServiceTerminals", schedule ? 1 : 0);
            f.put("ActiveQueues", schedule ? a.queues.size() : 0);
            f.put("ParkedCalls", 0);
            putTime(f, "WrapUpStart", a.wrapUpStart);
            putTime(f, "WrapUpEnd", a.wrapUpEnd);
            f.put("ServingCallback", schedule && !a.org.callLists.isEmpty());
            f.put("FetchMode", false);
            f.put("Note", a.note);
            f.put("AvailabilityStatus", a.availability);
        });
    }

    private EventEnvelope availability(Agent a, Instant now) {
        return userEvent("UserAvailability", a, null, now, f -> {
            f.put("ProfileId", a.org.profile(a.availability).toString());
            f.put("Availability", a.availability);
            f.put("StartTime", Timestamps.format(now));
            f.put("EndTime", DATE_TIME_MAX);
            f.put("Note", a.note);
            f.put("EventSource", "User");
            f.put("TransferNumber", "DoNotDisturb".equals(a.availability) ? a.org.tenant.queues().get(0).number() : "");
        });
    }

    private EventEnvelope monitoring(Agent a, Tenant.Person supervisor, Call c, Instant now) {
        ObjectNode f = templates.fields("UserCallAvailableForMonitoring");
        f.put("TargetUserId", a.person.id().toString());
        f.put("TargetUserName", a.person.username());
        f.put("OrganizationId", a.org.tenant.id().toString());
        f.put("SupervisorUserId", supervisor.id().toString());
        f.put("SupervisorUserName", supervisor.username());
        f.put("QueueName", c.queue.queue.name());
        f.put("QueueId", c.queue.queue.id().toString());
        f.put("CallId", c.id.toString());
        f.put("LegId", c.legId);
        f.put("AgentLegId", c.agentLegId);
        f.put("SupervisorTerminalNumber", supervisor.number());
        f.put("SupervisionCallInNumber", c.queue.queue.number());
        f.put("CallType", "servicecall");
        f.put("CallerNumber", c.callerNumber);
        f.put("ConnectedToAgentTime", Timestamps.format(c.connectedAt));
        return envelope("UserCallAvailableForMonitoring", EntityType.USER, a.org, supervisor.id(), now, f);
    }

    private EventEnvelope queueStatus(QueueState q, Instant now) {
        int queuing = 0;
        int allocated = 0;
        int connected = 0;
        long maxWait = 0;
        for (Call c : q.calls) {
            switch (c.state) {
                case QUEUING -> queuing++;
                case ALLOCATED -> allocated++;
                case CONNECTED -> connected++;
            }
            if (c.state != CallState.CONNECTED) {
                maxWait = Math.max(maxWait, Duration.between(c.enqueuedAt, now).toSeconds());
            }
        }
        int checkedIn = 0;
        int longTermAway = 0;
        int shortTermAway = 0;
        int free = 0;
        int wrapUp = 0;
        for (Agent a : q.members) {
            if ("OffWork".equals(a.availability)) {
                continue;
            }
            checkedIn++;
            if (a.wrapUpStart != null) {
                wrapUp++;
            }
            if (!"Available".equals(a.availability)) {
                longTermAway++;
            } else if (a.talking || a.wrapUpStart != null) {
                shortTermAway++;
            } else {
                free++;
            }
        }
        int requesters = q.calls.size();
        ObjectNode f = templates.fields("QueueStatus");
        f.put("QueueId", q.queue.id().toString());
        f.put("OrganizationId", q.org.tenant.id().toString());
        f.put("QueueName", q.queue.name());
        f.put("NbrOfProviders", checkedIn);
        f.put("NbrOfRequesters", requesters);
        f.put("NbrOfServingAgentsEstimate", checkedIn - longTermAway);
        f.put("NbrOfAllocated", allocated);
        f.put("NbrOfConnected", connected);
        f.put("NbrOfQueuingRequesters", queuing);
        f.put("NbrOfNotServedRequesters", requesters - connected);
        f.put("NbrOfAgentsLongTermAway", longTermAway);
        f.put("NbrOfAgentsShortTermAway", shortTermAway);
        f.put("NbrOfAgentsImmediatelyFree", free);
        f.put("NbrOfAgentsCheckedInQueue", checkedIn);
        f.put("NbrOfAgentsOnWrapUp", wrapUp);
        f.put("NbrOfAgentsOnFetchMode", 0);
        f.put("MaxWaitTime", maxWait);
        f.put("OpenStatus", checkedIn > 0 ? 5 : 3);
        return envelope("QueueStatus", EntityType.QUEUE, q.org, q.queue.id(), now, f);
    }

    private EventEnvelope callbackCreated(CallListState list, Instant now) {
        Callback cb = new Callback(Tenant.uuid(random), list, randomNumber(),
                CONTACT_NAMES[random.nextInt(CONTACT_NAMES.length)], CONTACT_MESSAGES[random.nextInt(CONTACT_MESSAGES.length)],
                now, random.nextDouble() < 0.5 ? 1 : 2);
        cb.originCallId = cb.typeId == 2 ? Tenant.uuid(random) : null;
        list.open.add(cb);
        return callbackChanged(cb, null, now, true);
    }

    private EventEnvelope callbackAttempted(Callback cb, Agent a, Call c, boolean answered, Instant now) {
        ObjectNode attempt = EventEnvelope.newFields();
        attempt.put("Id", Tenant.uuid(random).toString());
        attempt.put("UserId", a.person.id().toString());
        attempt.put("Timestamp", Timestamps.format(now));
        attempt.put("CallbackAttemptTypeId", answered ? 1 : 2);
        attempt.put("Note", answered ? "Customer reached" : "No answer");
        attempt.putNull("RecordingId");
        attempt.put("CallId", c.id.toString());
        cb.attempts.add(attempt);
        cb.closed = answered || cb.attempts.size() >= 3;
        cb.list.inProgress--;
        if (!cb.closed) {
            cb.list.open.add(cb);
        }
        return callbackChanged(cb, a, now, false);
    }

    private EventEnvelope callbackChanged(Callback cb, Agent lastAttempt, Instant now, boolean created) {
        ObjectNode f = templates.fields("CallbackChanged");
        Org org = cb.list.queue.org;
        f.put("CallBackId", cb.id.toString());
        f.put("CallListId", cb.list.list.id().toString());
        f.put("OrganizationId", org.tenant.id().toString());
        f.put("Modified", Timestamps.format(now));
        f.put("AssignedUserId", lastAttempt == null ? null : lastAttempt.person.id().toString());
        f.put("LastAttemptUserId", lastAttempt == null ? null : lastAttempt.person.id().toString());
        f.put("LastModifiedUserId", lastAttempt == null ? null : lastAttempt.person.id().toString());
        ObjectNode last = cb.attempts.isEmpty() ? null : cb.attempts.get(cb.attempts.size() - 1);
        if (last != null) {
            f.put("LastAttemptTypeId", last.get("CallbackAttemptTypeId").intValue());
            f.put("LastAttemptTimestamp", last.get("Timestamp").textValue());
            f.put("LastAttemptNote", last.get("Note").textValue());
        } else {
            f.putNull("LastAttemptTypeId");
            f.putNull("LastAttemptTimestamp");
            f.put("LastAttemptNote", "");
        }
        f.put("ContactName", cb.contactName);
        f.put("ContactNumber", cb.contactNumber);
        f.put("ContactMessage", cb.contactMessage);
        f.put("Note", "");
        f.put("QueueId", cb.list.queue.queue.id().toString());
        f.put("ChannelIn", cb.list.queue.queue.name());
        f.put("CreationTime", Timestamps.format(cb.created));
        f.put("Created", created);
        f.put("IsClosed", cb.closed);
        f.put("TypeId", cb.typeId);
        f.put("DueDate", Timestamps.format(cb.created.plusSeconds(3600)));
        f.put("CallId", cb.originCallId == null ? null : cb.originCallId.toString());
        f.put("ExpiryDate", Timestamps.format(cb.created.plus(Duration.ofDays(7))));
        f.put("CalculatedPriority", cb.typeId == 1 ? "High" : "Normal");
        ArrayNode attempts = f.putArray("CallbackAttempts");
        cb.attempts.forEach(attempts::add);
        ObjectNode extra = f.putArray("CallbackExtras").addObject();
        extra.put("Id", 1);
        extra.put("Name", "Channel");
        extra.put("Value", cb.typeId == 1 ? "Web" : "Phone");
        f.putArray("CallbackRelatedItems");
        return envelope("CallbackChanged", EntityType.CALL_LIST, org, cb.list.list.id(), now, f);
    }

    private void wrapUpFields(ObjectNode f, Call c) {
        f.put("CallId", c.id.toString());
        f.put("QueueId", c.queue == null ? null : c.queue.queue.id().toString());
        f.putNull("CallListId");
        f.putNull("CallBackId");
        f.put("MaxWrapUpDurationSec", c.maxWrapUpSeconds);
        f.put("WrapUpType", "Unavailable");
        f.put("WrapUpId", c.wrapUpId.toString());
    }

    private EventEnvelope envelope(String name, EntityType type, Org org, UUID entityId, Instant now, ObjectNode f) {
        return new EventEnvelope(EventEnvelope.ORGANIZATION, org.tenant.id(), name, type, entityId, Tenant.uuid(random),
                now, templates.definition(name).exampleTtlSeconds(), f);
    }

    private static void setIfPresent(ObjectNode f, String name, String value) {
        if (f.has(name)) {
            f.put(name, value);
        }
    }

    private static void putTime(ObjectNode f, String name, Instant value) {
        if (value == null) {
            f.putNull(name);
        } else {
            f.put(name, Timestamps.format(value));
        }
    }

    private void setTalking(Agent a, boolean talking, Instant now) {
        a.talking = talking;
        a.talkingChanged = now;
    }

    private String leg() {
        return Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }

    private String randomNumber() {
        return String.format("+3584%d%07d", 1 + random.nextInt(9), random.nextInt(10_000_000));
    }

    // ---------------------------------------------------------------- state

    /** One step of an activity: the event it produces now, or {@code null} to wait a turn. */
    @FunctionalInterface
    private interface Step {
        EventEnvelope run(Instant now);
    }

    private enum CallState { QUEUING, ALLOCATED, CONNECTED }

    private final class Org {
        final Tenant tenant;
        final List<Agent> agents = new ArrayList<>();
        final List<QueueState> queues = new ArrayList<>();
        final List<CallListState> callLists = new ArrayList<>();
        final Map<String, UUID> profiles = new HashMap<>();

        Org(Tenant tenant) {
            this.tenant = tenant;
        }

        UUID profile(String availability) {
            return profiles.computeIfAbsent(availability, k -> Tenant.uuid(random));
        }
    }

    private static final class Agent {
        final Tenant.Person person;
        final Org org;
        final List<QueueState> queues = new ArrayList<>(2);
        final ArrayDeque<Step> pending = new ArrayDeque<>();
        String availability = "Available";
        String note = "";
        boolean talking;
        Instant talkingChanged;
        Instant wrapUpStart;
        Instant wrapUpEnd;
        Call call;

        Agent(Tenant.Person person, Org org) {
            this.person = person;
            this.org = org;
        }
    }

    private static final class QueueState {
        final Tenant.Queue queue;
        final Org org;
        final int order;
        final List<Agent> members = new ArrayList<>();
        final Set<Call> calls = new LinkedHashSet<>();
        Instant nextStatus;
        ObjectNode lastStatus;
        Instant lastStatusAt = Instant.MIN;

        QueueState(Tenant.Queue queue, Org org, int order) {
            this.queue = queue;
            this.org = org;
            this.order = order;
        }
    }

    private static final class CallListState {
        final Tenant.CallList list;
        final QueueState queue;
        final ArrayDeque<Callback> open = new ArrayDeque<>();
        int inProgress;

        CallListState(Tenant.CallList list, QueueState queue) {
            this.list = list;
            this.queue = queue;
        }
    }

    private static final class Callback {
        final UUID id;
        final CallListState list;
        final String contactNumber;
        final String contactName;
        final String contactMessage;
        final Instant created;
        final int typeId;
        final List<ObjectNode> attempts = new ArrayList<>();
        UUID originCallId;
        boolean closed;

        Callback(UUID id, CallListState list, String contactNumber, String contactName, String contactMessage,
                 Instant created, int typeId) {
            this.id = id;
            this.list = list;
            this.contactNumber = contactNumber;
            this.contactName = contactName;
            this.contactMessage = contactMessage;
            this.created = created;
            this.typeId = typeId;
        }
    }

    private static final class Call {
        final UUID id;
        final String legId;
        final QueueState queue;
        final String callerNumber;
        final String targetNumber;
        String agentLegId;
        CallState state;
        Instant enqueuedAt;
        Instant connectedAt;
        UUID wrapUpId;
        int maxWrapUpSeconds;
        Callback callback;

        Call(UUID id, String legId, QueueState queue, String callerNumber, String targetNumber) {
            this.id = id;
            this.legId = legId;
            this.queue = queue;
            this.callerNumber = callerNumber;
            this.targetNumber = targetNumber;
        }
    }
}
