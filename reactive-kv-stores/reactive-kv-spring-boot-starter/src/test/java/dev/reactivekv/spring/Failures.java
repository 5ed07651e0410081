package dev.reactivekv.spring;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** What a failed start-up tells the user: the messages of the failure and its causes. */
final class Failures {

    private Failures() {
    }

    static List<String> messages(@Nullable Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages;
    }
}
