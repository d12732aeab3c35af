/** An .ftl file imported as text (wrangler's `[[rules]] type = "Text"`; the Workers test pool does the same). */
declare module '*.ftl' {
  const text: string;
  export default text;
}
