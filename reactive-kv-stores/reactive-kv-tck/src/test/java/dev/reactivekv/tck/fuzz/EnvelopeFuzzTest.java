package dev.reactivekv.tck.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.spi.StoredEntry;

/**
 * Stored bytes, as any process sharing a backend could have written them, through the one decoding path of the
 * envelope stores: either an entry or a typed error, never another exception; and an entry that decodes writes
 * back and reads again as the same entry (dates at the format's microsecond precision).
 */
class EnvelopeFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void storedBytesDecodeToAnEntryOrATypedError(byte[] stored) {
        StoredEntry entry;
        try {
            entry = EntryCodec.fromBytes(stored);
        } catch (KeyValueException expected) {
            return;
        }
        assertThat(entry.version()).isNotEmpty();
        StoredEntry again;
        try {
            again = EntryCodec.fromBytes(EntryCodec.toBytes(entry, "c", "k"));
        } catch (KeyValueException outOfFormat) { // a date the format cannot write (year beyond 9999)
            return;
        }
        assertThat(again.value()).isEqualTo(entry.value());
        assertThat(again.createdAt()).isEqualTo(micros(entry.createdAt()));
        assertThat(again.expiresAt()).isEqualTo(micros(entry.expiresAt()));
        // the text path reads what the byte path reads
        assertThat(EntryCodec.decode(new String(EntryCodec.toBytes(entry, null, null), StandardCharsets.UTF_8)).value())
                .isEqualTo(entry.value());
    }

    private static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }
}
