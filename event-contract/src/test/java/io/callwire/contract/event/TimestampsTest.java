package io.callwire.contract.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestampsTest {

    @Test
    void parsesAndFormatsLikeTheJdkForAnyInstant() {
        SplittableRandom random = new SplittableRandom(1);
        DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            String text = Timestamps.format(instant);
            assertThat(Timestamps.parse(text)).isEqualTo(instant);
            assertThat(OffsetDateTime.parse(text, iso).toInstant()).isEqualTo(instant);
            if (text.contains(".")) {
                assertThat(text).as("minimal fractional digits").doesNotEndWith("0Z");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2020-02-30T12:00:00Z", "2021-13-01T00:00:00Z", "2020-01-01T24:00:00Z", "2020-01-01 12:00:00Z",
        "2020-01-01T12:00:00", "2020-01-01T12:00:00.1234567891Z", "yesterday", "2020-01-01T12:00:00+25:00"})
    void rejectsWhatIsNotAnIsoDateTimeWithOffset(String text) {
        assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void acceptsWhatTheIsoFormatterAccepts() {
        assertThat(Timestamps.parse("2020-01-01T12:00Z")).isEqualTo(Instant.parse("2020-01-01T12:00:00Z"));
        assertThat(Timestamps.parse("2020-02-29T23:59:59.999999999+01:30"))
                .isEqualTo(Instant.parse("2020-02-29T22:29:59.999999999Z"));
        assertThat(Timestamps.format(Instant.parse("2023-10-19T14:21:19.700915800Z"))).isEqualTo("2023-10-19T14:21:19.7009158Z");
        assertThat(Timestamps.formatLocal(Instant.parse("2023-10-19T14:21:19.5Z"))).isEqualTo("2023-10-19T14:21:19.5");
    }

    @Test
    void recognisesTheDateTimesOfEventFields() {
        assertThat(Timestamps.isDateTime("0001-01-01T00:00:00")).isTrue();
        assertThat(Timestamps.isDateTime("9999-12-31T23:59:59.9999999")).isTrue();
        assertThat(Timestamps.isDateTime("2020-01-01T12:00:00Z")).isTrue();
        assertThat(Timestamps.isDateTime("2020-01-01T12:00:00.5+02:00")).isTrue();
        assertThat(Timestamps.isDateTime("2020-01-01T12:00")).isFalse();
        assertThat(Timestamps.isDateTime("2020-02-30T12:00:00")).isFalse();
        assertThat(Timestamps.isDateTime("tomorrow")).isFalse();
        assertThat(Timestamps.isDateTime(null)).isFalse();
    }
}
