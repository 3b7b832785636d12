/** What the database check found, and the rule that says whether payments can commit on it. */
package io.steadfast.database.application;
