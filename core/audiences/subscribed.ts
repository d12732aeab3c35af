import { sql, type SQL } from 'drizzle-orm';
import { people, subscriptions, topics } from '../../db/schema/index.js';

/**
 * The SQL condition "the person of this `people` row hears at least one of these topics": their own choice where
 * they made one, else their role's default. Used by audiences ("subscribers of topic X").
 */
export function subscribedToAny(topicIds: readonly number[]): SQL {
  return sql`(exists (select 1 from ${subscriptions} s where s.person_id = ${people.id} and s.subscribed = 1 and s.topic_id in ${topicIds}
    and exists (select 1 from ${topics} t where t.id = s.topic_id and t.deleted_at is null))
    or exists (select 1 from ${topics} t where t.id in ${topicIds} and t.deleted_at is null
      and not exists (select 1 from ${subscriptions} s where s.person_id = ${people.id} and s.topic_id = t.id)
      and exists (select 1 from json_each(t.default_roles) d, json_each(${people.roles}) r where d.value = r.value)))`;
}
