package io.callwire.support.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestDeadlineTest {

    @Test
    void exemptPathsArePrefixesWhereAStarIsOneSegment() {
        assertThat(RequestDeadline.pattern("/q/").matcher("/q/health/ready").matches()).isTrue();
        assertThat(RequestDeadline.pattern("/rte").matcher("/rte/negotiate").matches()).isTrue();
        assertThat(RequestDeadline.pattern("/rte").matcher("/api/v1/rte").matches()).isFalse();
        assertThat(RequestDeadline.pattern("/api/v1/webhooks/*/test").matcher("/api/v1/webhooks/5f0c/test").matches()).isTrue();
        assertThat(RequestDeadline.pattern("/api/v1/webhooks/*/test").matcher("/api/v1/webhooks/5f0c/deliveries").matches()).isFalse();
        assertThat(RequestDeadline.pattern("/api/v1/webhooks/*/test").matcher("/api/v1/webhooks/a/b/test").matches()).isFalse();
    }
}
