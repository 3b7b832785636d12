package io.steadfast.operations.interfaces.rest;

import jakarta.ws.rs.core.SecurityContext;

/** The signed-in operator, as every admin action names it in the audit trail. */
public final class Operator {

    private Operator() {
    }

    /** The operator's name; web.xml lets no admin request through without one. */
    public static String name(SecurityContext security) {
        if (security.getUserPrincipal() == null) {
            throw new IllegalStateException("an admin request without a signed-in operator: web.xml must protect /api/v1/admin/*");
        }
        return security.getUserPrincipal().getName();
    }
}
