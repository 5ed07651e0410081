package dev.reactivekv.tck.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reactivekv.codec.SanitizationStrategy;
import dev.reactivekv.codec.SanitizationStrategy.HashFragmentMode;
import dev.reactivekv.spi.Validation;
import org.junit.jupiter.api.Test;

/**
 * Two names a user may give (they pass {@link Validation}) through a sanitization strategy with the parameters the
 * stores use or any valid ones: no exception, a result within the strategy's length, and two different names that
 * both pass {@link SanitizationStrategy#problem} never become the same physical name (except with
 * {@link HashFragmentMode#NEVER}, which trades that away by the user's explicit choice).
 */
class SanitizationFuzzTest {

    private static final String[] ALLOWED = {null, SanitizationStrategy.ALPHANUMERIC, SanitizationStrategy.ALPHANUMERIC + "_",
            SanitizationStrategy.ALPHANUMERIC + "_-.", "abcdefghijklmnopqrstuvwxyz0123456789"};

    @FuzzTest(maxDuration = "5s")
    void sanitizedNamesStayWithinTheLimitsAndNeverCollide(FuzzedDataProvider data) {
        int kind = data.consumeInt(0, 2);
        int max = data.consumeInt(16, 300);
        // a fragment under 8 hex digits (32 bits) is too short to keep names apart: '% ' and '\' both became "S_-0"
        // with a 1-digit fragment; 8 is py-key-value's default and what the stores use
        int fragment = data.consumeInt(8, Math.min(64, max - 4));
        String allowed = ALLOWED[data.consumeInt(0, ALLOWED.length - 1)];
        char replacement = data.consumeBoolean() ? '_' : '-';
        boolean always = data.consumeBoolean();
        String a = data.consumeString(400);
        String b = data.consumeRemainingAsString();
        if (!Validation.isValidName(a) || !Validation.isValidName(b)) {
            return;
        }
        SanitizationStrategy strategy = switch (kind) {
            case 0 -> SanitizationStrategy.hashExcessLength(max);
            case 1 -> SanitizationStrategy.alwaysHash(Math.max(9, Math.min(64, max)));
            default -> SanitizationStrategy.hybrid(max, allowed, replacement,
                    always ? HashFragmentMode.ALWAYS : HashFragmentMode.ONLY_IF_CHANGED, fragment);
        };
        if (strategy.problem(a) != null || strategy.problem(b) != null) {
            return;
        }
        String sa = strategy.sanitize(a);
        String sb = strategy.sanitize(b);
        assertThat(sa.codePointCount(0, sa.length())).as("length of %s", sa).isLessThanOrEqualTo(Math.max(max, 64));
        if (!a.equals(b)) {
            assertThat(sa).as("'%s' and '%s' through %s", a, b, strategy).isNotEqualTo(sb);
        }
    }

    /** py-key-value's cut without a hash fragment: MongoDB's default gave these two collections one name. */
    @Test
    void twoLongNamesWithACommonBeginningStayApart() {
        SanitizationStrategy mongo = SanitizationStrategy.hybrid(200, SanitizationStrategy.ALPHANUMERIC + "_");
        assertThat(mongo.sanitize("a".repeat(250))).isNotEqualTo(mongo.sanitize("a".repeat(249) + "b"));
    }
}
