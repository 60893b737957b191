package io.callwire.admin.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.admin.Page;
import io.callwire.admin.Permissions;
import io.callwire.admin.Webhooks;
import io.callwire.admin.client.NotifierClient;
import io.callwire.admin.client.ServiceException;
import io.callwire.admin.client.SubscriptionClient;
import io.quarkus.qute.RawString;

/**
 * The dashboard's figures: live connections and subscriptions (subscription-service), events per second
 * (counted from {@code callwire.events} by {@link EventRates}), and webhook deliveries of the last hour by
 * outcome (notifier-service). Each organization keeps its last {@value #HISTORY} samples for the charts.
 */
@ApplicationScoped
public class DashboardService {

    static final int HISTORY = 60;
    private static final int MAX_WEBHOOKS = 50;

    private final SubscriptionClient subscriptions;
    private final NotifierClient notifier;
    private final EventRates rates;
    private final Map<UUID, Deque<Figures>> history = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    public DashboardService(SubscriptionClient subscriptions, NotifierClient notifier, EventRates rates) {
        this.subscriptions = subscriptions;
        this.notifier = notifier;
        this.rates = rates;
    }

    /** One sample of the figures. A figure a service could not give is -1 (shown as "—"). */
    public record Figures(Instant at, long connections, long subscriptions, double eventsPerSecond, long delivered,
                          long retrying, long dead) {
    }

    /** What the dashboard shows: the latest figures and a small chart of each. */
    public record View(Figures now, RawString connectionsChart, RawString subscriptionsChart, RawString eventsChart,
                       RawString deliveredChart, RawString retryingChart, RawString deadChart, String problem) {

        public String events() {
            return now.eventsPerSecond() < 0 ? "—" : String.format(Locale.ROOT, "%.1f", now.eventsPerSecond());
        }
    }

    public View view(String token, UUID organizationId, UUID actingOrganization) {
        Instant now = clock.instant();
        String problem = null;
        long connections = -1;
        long subscriptionCount = -1;
        try {
            Page<Permissions.LiveSession> sessions = subscriptions.sessions(token, actingOrganization, 0, 500);
            connections = sessions.totalOrCount();
            subscriptionCount = sessions.items().stream().mapToLong(Permissions.LiveSession::subscriptionCount).sum();
        } catch (ServiceException e) {
            problem = e.problem().summary();
        }
        long delivered = -1;
        long retrying = -1;
        long dead = -1;
        try {
            String from = now.minus(1, ChronoUnit.HOURS).toString();
            delivered = 0;
            retrying = 0;
            dead = 0;
            for (Webhooks.View webhook : notifier.webhooks(token, 0, MAX_WEBHOOKS).items()) {
                delivered += count(token, webhook.id(), "DELIVERED", from);
                retrying += count(token, webhook.id(), "PENDING", from);
                dead += count(token, webhook.id(), "DEAD", from);
            }
        } catch (ServiceException e) {
            problem = e.problem().summary();
            delivered = retrying = dead = -1;
        }
        Figures figures = new Figures(now, connections, subscriptionCount, rates.perSecond(organizationId), delivered, retrying, dead);
        Deque<Figures> samples = history.computeIfAbsent(organizationId, id -> new ArrayDeque<>());
        List<Figures> copy;
        synchronized (samples) {
            Figures last = samples.peekLast();
            if (last == null || last.at().isBefore(now.minusSeconds(2))) {
                samples.addLast(figures);
                while (samples.size() > HISTORY) {
                    samples.removeFirst();
                }
            }
            copy = List.copyOf(samples);
        }
        return new View(figures, Sparkline.of(copy, Figures::connections, "Connections"),
                Sparkline.of(copy, Figures::subscriptions, "Subscriptions"),
                Sparkline.of(copy, Figures::eventsPerSecond, "Events per second"),
                Sparkline.of(copy, Figures::delivered, "Delivered"), Sparkline.of(copy, Figures::retrying, "Retrying"),
                Sparkline.of(copy, Figures::dead, "Dead"), problem);
    }

    private long count(String token, UUID webhook, String status, String from) {
        return notifier.deliveries(token, webhook, status, null, from, null, 0, 1).totalOrCount();
    }

    /** A small SVG line chart, drawn on the server: no script, no inline style. */
    static final class Sparkline {

        private Sparkline() {
        }

        static RawString of(List<Figures> samples, ToDoubleFunction<Figures> value, String label) {
            double[] values = samples.stream().mapToDouble(value).map(v -> Math.max(0, v)).toArray();
            double max = 1;
            for (double v : values) {
                max = Math.max(max, v);
            }
            StringBuilder points = new StringBuilder();
            int n = values.length;
            for (int i = 0; i < n; i++) {
                double x = n == 1 ? 100 : 100.0 * i / (n - 1);
                double y = 38 - 36 * values[i] / max;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            return new RawString("<svg viewBox=\"0 0 100 40\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\""
                    + label + ": last " + n + " samples, highest " + String.format(Locale.ROOT, "%.0f", max) + "\">"
                    + "<polyline fill=\"none\" stroke=\"#2355d8\" stroke-width=\"1.5\" vector-effect=\"non-scaling-stroke\" points=\""
                    + points.toString().trim() + "\"/></svg>");
        }
    }
}
