package io.callwire.auth.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.auth.config.AuthConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Counts sign-in attempts per account name (username or {@code client:<id>}) and per source address
 * in the database, so that every replica sees the same counts.
 *
 * <ul>
 * <li>An attempt is counted <b>atomically before</b> the password is checked (one upsert per key),
 *     and un-counted when it succeeds: a parallel burst against one account gets at most
 *     {@code sign-in.max-failures} password checks, not one per request in flight.</li>
 * <li>A <b>username</b> with {@code max-failures} failures within the window is locked for
 *     {@code lockout} (429, even with the right password); unknown usernames lock like existing ones.</li>
 * <li>An <b>API client</b> is never locked (a machine client locked out stops a service's replicas
 *     from starting): its failures only slow its answers down.</li>
 * <li>A <b>source address</b> is never locked (a contact center behind one NAT must not be locked out
 *     by one agent's typos): beyond {@code max-failures-per-address} failures every further attempt
 *     from it is held back, the longer the more it fails.</li>
 * </ul>
 */
@ApplicationScoped
public class SignInThrottle {

    /**
     * One attempt: its account failures (this attempt included), and whether the account key is locked.
     * A window that ran out, or a lock that ended, starts the count again.
     */
    private static final String COUNT_ATTEMPT = """
            insert into sign_in_throttle as t (throttle_key, failures, window_started_at, locked_until)
            values ($1, 1, $2::timestamptz, case when $4::boolean and 1 >= $5::int then $6::timestamptz else null end)
            on conflict (throttle_key) do update set
              failures = case when t.window_started_at < $3::timestamptz or t.locked_until <= $2::timestamptz then 1
                              else t.failures + 1 end,
              window_started_at = case when t.window_started_at < $3::timestamptz or t.locked_until <= $2::timestamptz
                                       then $2::timestamptz else t.window_started_at end,
              locked_until = case
                when not $4::boolean then null
                when t.locked_until > $2::timestamptz then t.locked_until
                when (case when t.window_started_at < $3::timestamptz or t.locked_until <= $2::timestamptz then 1
                           else t.failures + 1 end) >= $5::int then $6::timestamptz
                else null end
            returning failures, locked_until""";

    /** What the throttle decided before the secret is checked. */
    public record Attempt(String account, String address, int accountFailures, int addressFailures) {
    }

    /** {@code sign_in_throttle.throttle_key} is {@code varchar(300)}. */
    private static final int MAX_KEY_LENGTH = 300;

    private final Pool pool;
    private final AuthConfig.SignIn config;

    public SignInThrottle(Pool pool, AuthConfig config) {
        this.pool = pool;
        this.config = config.signIn();
    }

    /**
     * Counts an attempt before the secret is checked. Fails with {@link OAuthException#locked} when
     * the account name is locked (usernames only, {@code lockable}); holds the answer back when the
     * address has failed too often; otherwise lets the check go ahead. Call {@link #succeeded} or
     * {@link #failed} with the result.
     */
    public Uni<Attempt> attempt(String account, String address, boolean lockable) {
        Instant now = Instant.now();
        return count(accountKey(account), lockable, config.maxFailures(), now).chain(accountRow -> {
            OffsetDateTime lockedUntil = accountRow.getOffsetDateTime("locked_until");
            int accountFailures = accountRow.getInteger("failures");
            if (lockable && lockedUntil != null && accountFailures > config.maxFailures()) {
                long seconds = Math.max(1, Duration.between(now, lockedUntil.toInstant()).toSeconds() + 1);
                return Uni.createFrom().failure(OAuthException.locked(seconds));
            }
            return count(addressKey(address), false, Integer.MAX_VALUE, now).chain(addressRow -> {
                int addressFailures = addressRow.getInteger("failures");
                Attempt attempt = new Attempt(account, address, accountFailures, addressFailures);
                int beyond = addressFailures - config.maxFailuresPerAddress();
                if (beyond <= 0) {
                    return Uni.createFrom().item(attempt);
                }
                // slow down, not lock: a busy address's attempts each wait a little longer, capped
                Duration hold = config.slowdownStep().multipliedBy(Math.min(beyond, config.maxFailuresPerAddress()));
                return Uni.createFrom().item(attempt).onItem().delayIt().by(hold);
            });
        });
    }

    /** The secret was right: the attempt is un-counted (the account's failures are cleared). */
    public Uni<Void> succeeded(Attempt attempt) {
        return pool.preparedQuery("delete from sign_in_throttle where throttle_key = $1")
                .execute(Tuple.of(accountKey(attempt.account())))
                .chain(() -> pool.preparedQuery("update sign_in_throttle set failures = greatest(failures - 1, 0) where throttle_key = $1")
                        .execute(Tuple.of(addressKey(attempt.address()))))
                .replaceWithVoid();
    }

    /** The secret was wrong (already counted): how long to hold the answer back, growing with the failures. */
    public Duration failed(Attempt attempt) {
        int earlier = attempt.accountFailures() - 1;
        return config.slowdownStep().multipliedBy(Math.max(0, Math.min(earlier, config.maxFailures())));
    }

    private Uni<Row> count(String key, boolean lockable, int maxFailures, Instant now) {
        return pool.preparedQuery(COUNT_ATTEMPT)
                .execute(Tuple.tuple().addString(key).addOffsetDateTime(now.atOffset(ZoneOffset.UTC))
                        .addOffsetDateTime(now.minus(config.failureWindow()).atOffset(ZoneOffset.UTC))
                        .addBoolean(lockable)
                        .addInteger(maxFailures)
                        .addOffsetDateTime(now.plus(config.lockout()).atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next());
    }

    private static String accountKey(String account) {
        return key("account:", account == null ? "" : account.toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return key("address:", address == null ? "unknown" : address);
    }

    /**
     * The row key: the name itself, or its SHA-256 when longer than the column takes. Whatever a caller
     * sends as a username, client id or address is counted (a name too long to be an account still
     * fails and still counts), and never overflows {@code throttle_key} into a 500.
     */
    private static String key(String kind, String name) {
        if (kind.length() + name.length() <= MAX_KEY_LENGTH) {
            return kind + name;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return kind + "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
