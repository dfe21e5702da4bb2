// A TypeScript module: imported from a notebook (or a `.ts` file) by name, with or without `.ts`.
export interface Shape {
  readonly kind: Kind;
  area(): number;
}

export enum Kind {
  Circle = "circle",
  Square = "square",
}

export class Circle implements Shape {
  readonly kind = Kind.Circle;
  constructor(public radius: number) {}
  area(): number {
    return Math.PI * this.radius ** 2;
  }
}

export class Square implements Shape {
  readonly kind = Kind.Square;
  constructor(public side: number) {}
  area(): number {
    return this.side * this.side;
  }
}

export function largest(shapes: Shape[]): Shape {
  if (shapes.length === 0) {
    throw new RangeError("no shapes to compare");
  }
  return shapes.reduce((a, b) => (b.area() > a.area() ? b : a));
}
