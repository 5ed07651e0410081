/** The Elasticsearch and OpenSearch store over the engines' REST API: {@link dev.reactivekv.search.SearchStore}. */
@NullMarked
package dev.reactivekv.search;

import org.jspecify.annotations.NullMarked;
