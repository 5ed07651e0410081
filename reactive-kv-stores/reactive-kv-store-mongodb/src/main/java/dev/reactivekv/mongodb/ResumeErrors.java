package dev.reactivekv.mongodb;

import java.util.Set;

import com.mongodb.MongoServerException;

/** Server errors that mean a change stream's resume token can no longer be used. */
final class ResumeErrors {

    /** InvalidResumeToken, ChangeStreamFatalError, ChangeStreamHistoryLost, and older servers' codes for a token they no longer hold. */
    private static final Set<Integer> LOST = Set.of(260, 280, 286, 40576, 40585, 40615);

    private ResumeErrors() {
    }

    static boolean isHistoryLost(MongoServerException e) {
        return LOST.contains(e.getCode()) || e.hasErrorLabel("NonResumableChangeStreamError");
    }
}
