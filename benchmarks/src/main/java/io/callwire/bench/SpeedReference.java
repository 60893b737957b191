package io.callwire.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;

/**
 * A fixed CPU-bound workload, ES256 signatures of an RTE token's claims on every core with nothing else
 * of the harness running, whose rate tells how fast this machine was when a run was taken. These are shared
 * virtual machines: the same command ran at half the speed on another day, so figures of two runs compare
 * only if their reference does. The tokens scenario's ceiling is the same loop.
 */
final class SpeedReference {

    private SpeedReference() {
    }

    /** Signatures per second on {@code threads} threads, counted over {@code seconds} after a {@code warmupSeconds} warm-up. */
    static Result measure(int threads, long warmupSeconds, long seconds) throws Exception {
        PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        key.setKeyId("reference");
        LongAdder signed = new LongAdder();
        long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        sign(key);
                        if (System.nanoTime() >= measureFrom) {
                            signed.increment();
                        }
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            }, "speed-reference-" + t);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the signing loop failed", failures.get(0));
        }
        return new Result(signed.sum(), signed.sum() / (double) seconds, threads);
    }

    /** @param perSecond signatures per second over all threads */
    record Result(long signed, double perSecond, int threads) {

        String describe() {
            return String.format("%,.0f ES256 signatures/s on %d threads", perSecond, threads);
        }
    }

    private static void sign(PublicJsonWebKey key) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("http://localhost:8081");
        claims.setAudience("callwire");
        claims.setSubject(UUID.randomUUID().toString());
        claims.setClaim("org", TokenScenario.DEMO_ORGANIZATION);
        claims.setStringListClaim("groups", "org-admin");
        claims.setClaim("token_use", "rte");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(120);
        claims.setGeneratedJwtId();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.getCompactSerialization();
    }
}
