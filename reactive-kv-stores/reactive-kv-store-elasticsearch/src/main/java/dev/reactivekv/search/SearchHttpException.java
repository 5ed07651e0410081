package dev.reactivekv.search;

import org.jspecify.annotations.Nullable;

/** An HTTP answer the store did not expect, with the engine's error type and reason when it gave them. */
final class SearchHttpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final @Nullable String type;

    SearchHttpException(String request, int status, @Nullable String type, @Nullable String reason) {
        super(request + " answered HTTP " + status + (type == null ? "" : " " + type) + (reason == null ? "" : ": " + reason));
        this.status = status;
        this.type = type;
    }

    int status() {
        return status;
    }

    @Nullable String type() {
        return type;
    }
}
