## Admin panel: registration requests and invite links

## Approvals
approvals-title = Registration requests
approvals-hint = Requests from people who registered in the bot without an invite, oldest first. The person gets the answer in the bot in their language; coordinators who got the request in Telegram will see there that it has been decided.
approvals-total = Waiting for a decision: { $total }
approvals-shown = Showing the first { $shown }.
approvals-empty = No new requests.
approvals-requested-at = When
approvals-approve = Approve
approvals-reject = Reject
approvals-reason = Reason for rejection (the person will see it)
approvals-reason-placeholder = E.g.: this school has no such teacher
approvals-read-only = Your role can only look: coordinators and editors decide.
approvals-already-decided = The request of “{ $name }” has already been decided: { $status }.
flash-registration-approved = Request approved. The person will get a message in the bot.
flash-registration-rejected = Request rejected. The person will get a message with the reason.
validation-reason-required = Give the reason for rejection
validation-reason-too-short = Too short: at least 3 characters
validation-reason-too-long = Too long: at most 500 characters

## Invites
invites-title = Invites
invites-hint = People who register by an invite link need no approval: the role and the school (or municipality) come from the invite.
invites-new = New invite
invites-place-hint = Teachers and school leadership: a school; curators, coordinators and institute staff: a municipality.
invites-no-school = — no school —
invites-no-municipality = — by the school —
invites-max-uses = How many people may register
invites-valid-days = Valid for, days
invites-create = Create link
invites-cannot-create = Your role can only look at invites.
invites-link = Invite link
invites-link-telegram = Invite link for Telegram
invites-link-max = Invite link for MAX
invites-link-hint = Send it to the people you invite. The link registers without approval — do not publish it openly.
invites-link-hidden = Only those who may create such invites see the link.
invites-copy = Copy
invites-copied = Copied
invites-place = School or municipality
invites-uses = Used
invites-uses-of = { $uses } of { $max }
invites-expires = Valid until
invites-created-by = Created by
invites-created-at = Created
invites-revoked-at = Revoked
invites-status-active = active
invites-status-expired = expired
invites-status-used-up = used up
invites-status-revoked = revoked
invites-revoke = Revoke
invites-revoke-hint = The link stops working at once; those already registered stay.
invites-empty = No invites.
invites-bad-filter = The filter has invalid values and was not applied.
invites-card-title = Invite No. { $id }
invites-registered = Registered by this invite
invites-registered-none = Nobody has registered by this invite yet.
invites-all = ← All invites
flash-invite-created = Invite created. Copy the link and send it.
flash-invite-revoked = Invite revoked: the link no longer works.
flash-invite-already-revoked = The invite had already been revoked.
validation-role-not-allowed = Invites with this role are created by a panel owner or editor
validation-no-such-municipality = No such municipality
validation-school-not-in-municipality = This school is not in the chosen municipality

## Audit actions
audit-registration-approve = request approved
audit-registration-reject = request rejected
audit-invite-create = invite created
audit-invite-revoke = invite revoked
