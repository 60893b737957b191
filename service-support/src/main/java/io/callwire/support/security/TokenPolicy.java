package io.callwire.support.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.callwire.contract.security.TokenClaims;

/**
 * The rules every place that accepts a token applies after the signature, issuer and lifetime are
 * checked: the token is of the kind the endpoint takes (by audience), it is not revoked, and when
 * it is bound to an address it comes from that address.
 */
@ApplicationScoped
public class TokenPolicy {

    private final RevocationRegistry revocations;

    public TokenPolicy(RevocationRegistry revocations) {
        this.revocations = revocations;
    }

    /**
     * The caller, admitted for an endpoint of {@code audience} from {@code clientAddress}.
     *
     * @throws TokenRefusedException naming what is wrong (kind, revocation or address)
     */
    public Caller admit(Caller caller, String audience, String clientAddress) {
        if (!caller.isFor(audience)) {
            throw new TokenRefusedException(TokenRefusedException.WRONG_KIND, wrongKind(caller, audience));
        }
        if (revocations.isRevoked(caller)) {
            throw new TokenRefusedException(TokenRefusedException.REVOKED, "The token has been revoked");
        }
        if (caller.boundIp() != null && !ClientAddressResolver.sameAddress(caller.boundIp(), clientAddress)) {
            throw new TokenRefusedException(TokenRefusedException.OTHER_ADDRESS, "The token is bound to another client address");
        }
        return caller;
    }

    /** "This endpoint accepts RTE tokens (aud callwire-rte); this is an access token." */
    public static String wrongKind(Caller caller, String audience) {
        String wanted = TokenClaims.AUDIENCE_RTE.equals(audience)
                ? "RTE tokens (aud " + TokenClaims.AUDIENCE_RTE + ")"
                : "access and client-credentials tokens (aud " + TokenClaims.AUDIENCE_API + ")";
        return "Wrong token kind: this endpoint accepts " + wanted + "; this is " + caller.kind().description();
    }
}
