package io.callwire.admin.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class EventRatesTest {

    private static final long NOW = 1_800_000_000L;

    @Test
    void countsAnOrganizationsEventsOverTheWindow() {
        EventRates rates = new EventRates();
        UUID organization = UUID.randomUUID();
        for (int i = 0; i < 30; i++) {
            rates.count(organization, NOW - 1 - i % 3);
        }
        assertThat(rates.perSecond(organization, NOW)).isEqualTo(3.0);
    }

    @Test
    void organizationsSilentForAWholeRingAreForgotten() {
        EventRates rates = new EventRates();
        for (int i = 0; i < 5_000; i++) {
            rates.count(UUID.randomUUID(), NOW); // made-up organization ids, one event each
        }
        UUID live = UUID.randomUUID();
        rates.count(live, NOW + EventRates.WINDOW_SECONDS + 5);

        assertThat(rates.organizations()).isEqualTo(1);
        assertThat(rates.perSecond(live, NOW + EventRates.WINDOW_SECONDS + 6)).isEqualTo(0.1);
    }

    @Test
    void aFloodOfOrganizationIdsWithinOneWindowIsBounded() {
        EventRates rates = new EventRates();
        for (int i = 0; i < EventRates.MAX_ORGANIZATIONS + 5_000; i++) {
            rates.count(UUID.randomUUID(), NOW);
        }
        assertThat(rates.organizations()).isEqualTo(EventRates.MAX_ORGANIZATIONS);
    }
}
