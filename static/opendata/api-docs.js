// Starts Swagger UI on the API page (templates/opendata/api_docs.html). A file, not an
// inline script: the Content-Security-Policy allows only the portal's own scripts.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("swagger-ui");
  if (!node || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  SwaggerUIBundle({
    url: node.dataset.schemaUrl,
    domNode: node,
    deepLinking: false,
    // Read-only API: "Try it out" sends GET requests only.
    supportedSubmitMethods: ["get"],
    validatorUrl: null,
    layout: "BaseLayout",
  });
});
