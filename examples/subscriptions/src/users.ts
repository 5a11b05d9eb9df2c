/** The example's subscribers, in memory: what a real service keeps in its database. */
export interface Subscriber {
  readonly username: string;
  readonly monthly_fee: number;
  readonly start_date: string;
}

export const subscribers = new Map<string, Subscriber>();
