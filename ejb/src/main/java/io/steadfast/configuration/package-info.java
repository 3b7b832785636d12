/**
 * Reading Steadfast's settings: MicroProfile Config (system properties, then environment
 * variables, then {@code microprofile-config.properties}), parsed strictly, for the typed settings
 * class of each capability.
 */
package io.steadfast.configuration;
