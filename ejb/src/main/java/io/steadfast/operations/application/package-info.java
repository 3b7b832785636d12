/** Operating Steadfast: in-doubt transactions, stuck payments and the audit trail (the admin API and console). */
package io.steadfast.operations.application;
