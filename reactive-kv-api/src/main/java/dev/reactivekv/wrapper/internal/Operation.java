package dev.reactivekv.wrapper.internal;

import java.util.Locale;

/** The operations of a store, as wrappers that observe calls (statistics, logging) name them. */
public enum Operation {
    GET, TTL, PUT, DELETE, EXISTS, GET_MANY, TTL_MANY, PUT_MANY, DELETE_MANY, PUT_IF_ABSENT, COMPARE_AND_SET,
    KEYS, KEY_PAGE, COLLECTIONS, DESTROY_COLLECTION, WATCH;

    /** The snake-case name used in meter tags and log lines, e.g. {@code get_many}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
