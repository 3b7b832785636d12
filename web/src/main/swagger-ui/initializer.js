// Starts Swagger UI on the document the server generates (MicroProfile OpenAPI, /openapi at the
// root of the host, whatever the web module's context root). validatorUrl null: Swagger UI would
// otherwise send the document to an online validator for its badge; this page works offline.
window.onload = function () {
    window.ui = SwaggerUIBundle({
        url: "/openapi?format=JSON",
        dom_id: "#swagger-ui",
        deepLinking: true,
        validatorUrl: null,
        presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
        plugins: [SwaggerUIBundle.plugins.DownloadUrl],
        layout: "StandaloneLayout"
    });
};
