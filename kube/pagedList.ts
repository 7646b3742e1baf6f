// Lists a collection in pages (limit/continue), so a 20,000-pod cluster is read in bounded answers instead of one
// huge one (apimachinery ListOptions: limit, continue; the server hands a continue token until the last page).
import type { ClusterSession } from './session';

/** The page size kubectl uses for `get` (its --chunk-size default). */
export const PAGE_SIZE = 500;

interface ListPage<T> {
  metadata?: { continue?: string };
  items?: T[];
}

/** Every item of the collection at `path`, page by page. A 403 on any page is thrown as the ClusterError it is. */
export async function listAll<T>(
  session: ClusterSession,
  path: string,
  options: { pageSize?: number; labelSelector?: string } = {},
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await session.client.request<ListPage<T>>({
      method: 'GET',
      path,
      query: { limit: options.pageSize ?? PAGE_SIZE, continue: token, labelSelector: options.labelSelector },
    });
    for (const item of page.items ?? []) items.push(item);
    token = page.metadata?.continue || undefined;
  } while (token);
  return items;
}
