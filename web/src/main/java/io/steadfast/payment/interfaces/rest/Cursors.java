package io.steadfast.payment.interfaces.rest;

import io.steadfast.payment.application.PaymentQuery;
import io.steadfast.web.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Opaque page cursors: URL-safe Base64 of "creation instant|payment id". */
final class Cursors {

    private Cursors() {
    }

    static String encode(PaymentQuery.Position p) {
        if (p == null) {
            return null;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString((p.createdAt() + "|" + p.id()).getBytes(StandardCharsets.UTF_8));
    }

    static PaymentQuery.Position decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = s.indexOf('|');
            return new PaymentQuery.Position(Instant.parse(s.substring(0, bar)), s.substring(bar + 1));
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("cursor is not one this API returned; pass the 'next' value of the previous page unchanged.");
        }
    }
}
