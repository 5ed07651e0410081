package dev.reactivekv.disk;

import java.nio.file.Path;
import java.util.Map;

import dev.reactivekv.KeyValueStore;

/**
 * Run in a child JVM by the multi-process tests ({@link DiskCrashTest} uses the kit's writer instead).
 * {@code read DIR KEY}: prints {@code VALUE <json>} (or
 * {@code MISSING}) for KEY, writes {@code from-child}, closes and exits. {@code put DIR C K TEXT} and
 * {@code delete DIR C K} make one change and exit.
 */
public final class ChildWriter {

    public static void main(String[] args) {
        if (args[0].equals("open")) { // open DIR: report how opening went
            try (KeyValueStore store = DiskStore.builder().directory(Path.of(args[1])).build()) {
                System.out.println("OPENED");
            } catch (RuntimeException | Error e) {
                System.out.println("FAILED " + e.getClass().getName() + ": " + e.getMessage());
            }
            System.out.flush();
            System.exit(0);
        }
        KeyValueStore store = DiskStore.builder().directory(Path.of(args[1])).build();
        if (args[0].equals("put")) { // put DIR COLLECTION KEY N: one write, then exit
            store.put(args[2], args[3], Map.of("test", args[4]), null).block(java.time.Duration.ofSeconds(60));
            store.close();
            System.exit(0);
        }
        if (args[0].equals("delete")) { // delete DIR COLLECTION KEY
            store.delete(args[2], args[3]).block(java.time.Duration.ofSeconds(60));
            store.close();
            System.exit(0);
        }
        Map<String, Object> v = store.get("shared", args[2]).block(java.time.Duration.ofSeconds(60));
        System.out.println(v == null ? "MISSING" : "VALUE " + v.get("n"));
        store.put("shared", "from-child", Map.of("n", 42), null).block(java.time.Duration.ofSeconds(60));
        store.close();
        System.out.println("DONE");
        System.out.flush();
        System.exit(0);
    }
}
