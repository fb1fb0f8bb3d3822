/* Swagger UI for /openapi.json, from files the package serves (no CDN). */
"use strict";
window.addEventListener("load", () => {
  window.ui = window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
