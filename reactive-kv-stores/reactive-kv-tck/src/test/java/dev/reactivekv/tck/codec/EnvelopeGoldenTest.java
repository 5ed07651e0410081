package dev.reactivekv.tck.codec;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.spi.JsonValues;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.spi.StoredEntry;
import dev.reactivekv.tck.ValueCases;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** py-key-value's envelope, byte for byte, against strings its own code produced. */
class EnvelopeGoldenTest {

    private static final Instant NEW_YEAR = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void envelopeWithoutKeyMatchesPython() {
        Map<String, Object> value = ValueCases.map("name", "Zoë ☃", "n", 1.0, "big", BigInteger.TWO.pow(70),
                "list", Arrays.asList(1, List.of(2, "x"), null, true), "emoji", "😀");
        StoredEntry e = new StoredEntry(JsonValues.copyObject(value), NEW_YEAR, NEW_YEAR.plusMillis(10_500), null);
        assertThat(EntryCodec.encode(e)).isEqualTo("{\"created_at\": \"2025-01-01T00:00:00+00:00\", "
                + "\"expires_at\": \"2025-01-01T00:00:10.500000+00:00\", \"value\": {\"big\": 1180591620717411303424, "
                + "\"emoji\": \"\\ud83d\\ude00\", \"list\": [1, [2, \"x\"], null, true], \"n\": 1.0, "
                + "\"name\": \"Zo\\u00eb \\u2603\"}, \"version\": 1}");
    }

    @Test
    void envelopeWithKeyAndCollectionMatchesPython() {
        Instant created = Instant.parse("2025-01-01T12:30:45.123456Z");
        StoredEntry e = new StoredEntry(Map.of("test_1", "value_1"), created, null, null);
        assertThat(EntryCodec.encode(e, "test", "document_format_test_1")).isEqualTo(
                "{\"collection\": \"test\", \"created_at\": \"2025-01-01T12:30:45.123456+00:00\", "
                        + "\"key\": \"document_format_test_1\", \"value\": {\"test_1\": \"value_1\"}, \"version\": 1}");
    }

    @Test
    void serializationAdapterCasesOfPyKeyValue() {
        Map<String, Object> one = ValueCases.map("key_one", "value_one", "key_two", "value_two",
                "key_three", Map.of("nested_key", "nested_value"));
        StoredEntry e = new StoredEntry(JsonValues.copyObject(one), NEW_YEAR, NEW_YEAR.plusSeconds(10), null);
        String json = "{\"created_at\": \"2025-01-01T00:00:00+00:00\", \"expires_at\": \"2025-01-01T00:00:10+00:00\", "
                + "\"value\": {\"key_one\": \"value_one\", \"key_three\": {\"nested_key\": \"nested_value\"}, "
                + "\"key_two\": \"value_two\"}, \"version\": 1}";
        assertThat(EntryCodec.encode(e)).isEqualTo(json);
        assertThat(EntryCodec.decode(json)).isEqualTo(e);
    }

    @Test
    void readerIsTolerant() {
        StoredEntry e = EntryCodec.decode("{\"value\": \"{\\\"a\\\": 1.5, \\\"b\\\": 1}\", \"created_at\": \"2025-01-01T00:00:00Z\", "
                + "\"expires_at\": \"2025-01-01 00:00:10.5\", \"unknown\": [1], \"value_extra\": null}");
        assertThat(e.value()).isEqualTo(Map.of("a", 1.5, "b", 1));
        assertThat(e.createdAt()).isEqualTo(NEW_YEAR);
        assertThat(e.expiresAt()).isEqualTo(NEW_YEAR.plusMillis(10_500));
        assertThat(EntryCodec.decode("{\"created_at\": \"\", \"value\": {}}").createdAt()).isNull();
        assertThat(EntryCodec.decode("{\"value\": {\"x\": NaN, \"x\": 2}}").value()).isEqualTo(Map.of("x", 2));
    }

    @Test
    void corruptEntriesAreTypedErrors() {
        for (String corrupt : List.of("", "not json", "[1]", "{\"value\": 3}", "{\"novalue\": {}}",
                "{\"value\": {}, \"created_at\": \"yesterday\"}", "{\"value\": {}, \"created_at\": 5}",
                "{\"value\": \"[1, 2]\"}", "{\"value\": {}} trailing")) {
            assertThatThrownBy(() -> EntryCodec.decode(corrupt)).as(corrupt).isInstanceOf(DeserializationException.class);
        }
    }

    @Test
    void datesPrintMicrosecondsOnlyWhenPresent() {
        assertThat(EntryCodec.formatDate(Instant.parse("2025-06-30T23:59:59Z"))).isEqualTo("2025-06-30T23:59:59+00:00");
        assertThat(EntryCodec.formatDate(Instant.parse("2025-06-30T23:59:59.000001Z"))).isEqualTo("2025-06-30T23:59:59.000001+00:00");
        assertThat(EntryCodec.formatDate(Instant.parse("2025-06-30T23:59:59.1Z"))).isEqualTo("2025-06-30T23:59:59.100000+00:00");
    }
}
