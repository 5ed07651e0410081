/** The DynamoDB store on the AWS SDK v2 async client: {@link dev.reactivekv.dynamodb.DynamoDbStore}. */
@NullMarked
package dev.reactivekv.dynamodb;

import org.jspecify.annotations.NullMarked;
