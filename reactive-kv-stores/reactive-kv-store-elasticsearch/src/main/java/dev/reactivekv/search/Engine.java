package dev.reactivekv.search;

import java.util.Map;

/**
 * What the server is, read once from {@code GET /}: which of py-key-value's layouts it gets.
 *
 * @param name        {@code opensearch} or {@code elasticsearch}
 * @param version     the server's version number
 * @param valueField  {@code flat} (OpenSearch) or {@code flattened} (Elasticsearch): the value lives in {@code value.<valueField>}
 * @param valueMapping the mapping of that field: {@code flat_object}, {@code flattened}, or, on an Elasticsearch
 *                     without X-Pack (the OSS build, which lacks {@code flattened}), a stored-only object
 */
record Engine(String name, String version, String valueField, Map<String, Object> valueMapping) {

    static Engine of(Map<String, Object> info) {
        Map<?, ?> v = info.get("version") instanceof Map<?, ?> m ? m : Map.of();
        String number = String.valueOf(v.get("number"));
        if ("opensearch".equals(v.get("distribution"))) {
            return new Engine("opensearch", number, "flat", Map.of("type", "flat_object"));
        }
        if ("oss".equals(v.get("build_flavor"))) {
            return new Engine("elasticsearch", number, "flattened", Map.of("type", "object", "enabled", false));
        }
        return new Engine("elasticsearch", number, "flattened", Map.of("type", "flattened"));
    }

    /** Elasticsearch without X-Pack: {@code value.flattened} kept in {@code _source} only, as no {@code flattened} type exists. */
    Engine withoutFlattenedType() {
        return new Engine(name, version, valueField, Map.of("type", "object", "enabled", false));
    }

    boolean usesFlattenedType() {
        return "flattened".equals(valueMapping.get("type"));
    }

    /** py-key-value's DEFAULT_MAPPING with this engine's value field. */
    Map<String, Object> indexBody() {
        Map<String, Object> keyword = Map.of("type", "keyword");
        Map<String, Object> date = Map.of("type", "date");
        return Map.of("mappings", Map.of("properties", Map.of(
                "created_at", date,
                "expires_at", date,
                "collection", keyword,
                "key", keyword,
                "version", Map.of("type", "integer"),
                "value", Map.of("properties", Map.of(valueField, valueMapping)))),
                "settings", Map.of());
    }
}
