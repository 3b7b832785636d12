/** A scheduled task's record: where and when it last ran, and how often. */
package io.steadfast.scheduling.domain;
