package io.callwire.subscription.support;

import io.callwire.testing.AmqpBrokerResource;
import io.callwire.testing.AuthServiceStandIn;
import io.callwire.testing.JwksResource;
import io.callwire.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * The real parts every test of this module runs against, declared once so that one application
 * boot serves all test classes: embedded PostgreSQL, embedded Artemis (AMQP 1.0), the test JWKS
 * and a stand-in for auth-service's token and revocation endpoints.
 */
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(AmqpBrokerResource.class)
@QuarkusTestResource(JwksResource.class)
@QuarkusTestResource(AuthServiceStandIn.class)
public final class CallwireTestResources {

    private CallwireTestResources() {
    }
}
