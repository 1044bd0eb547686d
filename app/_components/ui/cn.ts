import { clsx, type ClassValue } from "clsx";

// Joins class names; conflicting Tailwind utilities are not merged (tailwind-merge, 9 kB gzip on every
// page): no caller overrides a base utility of a component, it only adds others (font-mono, w-full…).
export function cn(...inputs: ClassValue[]) {
  return clsx(inputs);
}
