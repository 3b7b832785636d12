package io.steadfast.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The storefront and admin API, version 1. Resources and problem mappers are discovered by scanning. */
@ApplicationPath("/api/v1")
public class RestApplication extends Application {
}
