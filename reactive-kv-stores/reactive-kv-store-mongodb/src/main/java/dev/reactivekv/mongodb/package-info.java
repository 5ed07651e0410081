/** The MongoDB store on the Reactive Streams driver: {@link dev.reactivekv.mongodb.MongoStore}. */
@NullMarked
package dev.reactivekv.mongodb;

import org.jspecify.annotations.NullMarked;
