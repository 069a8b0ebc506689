import { BusinessDateDocument, ViewerDocument, createClient } from '@lending/sdk';

export interface WhoAmI {
  id: string;
  role: string;
  borrower: { id: string; displayName: string } | null;
  businessDate: string;
}

/** Asks the gateway who the token belongs to, through the typed SDK. */
export async function whoami(url: string, token: string): Promise<WhoAmI> {
  const client = createClient({ url, token });
  const [{ viewer }, { businessDate }] = await Promise.all([
    client.request(ViewerDocument),
    client.request(BusinessDateDocument),
  ]);
  return { ...viewer, businessDate };
}
