/** RFC 9457 problem documents: every error the API returns is {@code application/problem+json}, never a stack trace. */
package io.steadfast.web.problem;
