// ESLint for Lärlabb's own JavaScript: the browser modules in src/larlabb/*/static and the
// build scripts. Third-party code (node_modules, the built static files) is not ours to lint.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "build/", ".venv/", "var/"] },
  js.configs.recommended,
  {
    files: ["src/**/static/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser },
    },
    rules: {
      // A person's text is set as text; markup comes from <template> elements.
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Set text with textContent; copy markup from a <template>." },
        { property: "outerHTML", message: "Set text with textContent; copy markup from a <template>." },
        { property: "insertAdjacentHTML", message: "Copy markup from a <template> instead." },
      ],
      "no-restricted-globals": ["error", { name: "htmx", message: "Use window.htmx (loaded by the base template)." }],
      // A front-end module stays small (the style guide's ~300 lines).
      "max-lines": ["error", { max: 300, skipBlankLines: true, skipComments: true }],
      eqeqeq: "error",
      "no-var": "error",
      "prefer-const": "error",
      "no-implicit-globals": "error",
    },
  },
  {
    files: ["scripts/**/*.mjs", "eslint.config.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
