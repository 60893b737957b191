package io.callwire.auth.service;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.auth.config.AuthConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Counts failed sign-ins per username (or client id) and per source address in the database, so that
 * every replica sees the same counts: failures slow the answer down, then lock the key for
 * {@code callwire.auth.sign-in.lockout}. A lock applies whether or not the username exists.
 */
@ApplicationScoped
public class SignInThrottle {

    private static final String UPSERT = """
            insert into sign_in_throttle (throttle_key, failures, window_started_at, locked_until)
            values ($1, 1, $2::timestamptz, case when $4::int <= 1 then $5::timestamptz else null end)
            on conflict (throttle_key) do update set
              failures = case when sign_in_throttle.window_started_at < $3::timestamptz then 1 else sign_in_throttle.failures + 1 end,
              window_started_at = case when sign_in_throttle.window_started_at < $3::timestamptz then $2::timestamptz else sign_in_throttle.window_started_at end,
              locked_until = case
                when (case when sign_in_throttle.window_started_at < $3::timestamptz then 1 else sign_in_throttle.failures + 1 end) >= $4::int then $5::timestamptz
                else sign_in_throttle.locked_until end
            returning failures""";

    private final Pool pool;
    private final AuthConfig.SignIn config;

    public SignInThrottle(Pool pool, AuthConfig config) {
        this.pool = pool;
        this.config = config.signIn();
    }

    /**
     * Fails with {@link OAuthException#locked} when the account name or the address is locked;
     * otherwise tells whether the account name has failures on record (only then does a success
     * need to clear them: one query saved on the common path).
     */
    public Uni<Boolean> checkNotLocked(String account, String address) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String accountKey = accountKey(account);
        return pool.preparedQuery("select max(locked_until) filter (where locked_until > $3) as until, "
                + "count(*) filter (where throttle_key = $1) as account_rows "
                + "from sign_in_throttle where throttle_key in ($1, $2)")
                .execute(Tuple.of(accountKey, addressKey(address), now))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    OffsetDateTime until = row.getOffsetDateTime("until");
                    if (until != null) {
                        long seconds = Math.max(1, Duration.between(now, until).toSeconds() + 1);
                        throw OAuthException.locked(seconds);
                    }
                    return row.getLong("account_rows") > 0;
                });
    }

    /**
     * Records a failure and returns how long to hold the answer back (the slowdown). Both the
     * account name and the address count.
     */
    public Uni<Duration> recordFailure(String account, String address) {
        return count(accountKey(account), config.maxFailures())
                .chain(accountFailures -> count(addressKey(address), config.maxFailuresPerAddress())
                        .map(ignored -> config.slowdownStep().multipliedBy(Math.min(accountFailures, config.maxFailures()))));
    }

    /** A successful sign-in clears the account name's failures (not the address's). */
    public Uni<Void> recordSuccess(String account) {
        return pool.preparedQuery("delete from sign_in_throttle where throttle_key = $1 and (locked_until is null or locked_until < now())")
                .execute(Tuple.of(accountKey(account))).replaceWithVoid();
    }

    private Uni<Integer> count(String key, int maxFailures) {
        Instant now = Instant.now();
        OffsetDateTime nowUtc = now.atOffset(ZoneOffset.UTC);
        return pool.preparedQuery(UPSERT)
                .execute(Tuple.tuple().addString(key).addOffsetDateTime(nowUtc)
                        .addOffsetDateTime(now.minus(config.failureWindow()).atOffset(ZoneOffset.UTC))
                        .addInteger(maxFailures)
                        .addOffsetDateTime(now.plus(config.lockout()).atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getInteger("failures"));
    }

    private static String accountKey(String account) {
        return "account:" + (account == null ? "" : account.toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "unknown" : address);
    }
}
