// Vite turns `?inline` CSS imports into strings and emits plain CSS imports as the bundle's stylesheet.
declare module '*.css?inline' {
  const css: string;
  export default css;
}
declare module '*.css' {}
