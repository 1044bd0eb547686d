/** The page's one h1, for a page made of several cards none of which is the page itself (each card's title is an h2). */
export function PageTitle({ children }: { children: React.ReactNode }) {
  return <h1 className="text-xl font-semibold">{children}</h1>;
}
