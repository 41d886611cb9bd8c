package engagetest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/omskit/omskit/orce/engage"
	"github.com/omskit/omskit/orce/engage/engagetest"
)

// Over HTTP: another system updates the order after the feed's last
// processed change, so the feed's tag is stale. The feed reads the current
// tag from the order endpoint and triggers with it while the action still
// applies; when it does not, nothing is sent and the error says why (issue
// 19, item 3; ENG-011, ENG-012, ENG-013).
func TestTriggerActionAfterAnotherSystemChangedTheOrder(t *testing.T) {
	e := setup(t)
	e.sim.AddContact("C-1")
	ctx := context.Background()
	o, err := engage.FromOrder(sourceOrder(1))
	require.NoError(t, err)
	_, err = e.feed.SubmitOrder(ctx, o, "rev-1")
	require.NoError(t, err)
	_, err = e.feed.SubmitStatus(ctx, "O-1", engage.StatusChange{Status: "shipped"}, "")
	require.NoError(t, err)
	flushAndConfirm(t, e)
	seen, _, err := e.feed.Tag(ctx, "O-1")
	require.NoError(t, err)

	// another system adds the tracking number
	_, err = e.client.UpdateDelivery(ctx, "O-1", engage.DeliveryChange{Delivery: engage.Delivery{Tracking: "1Z9"}})
	require.NoError(t, err)
	cur, _ := e.sim.StoredOrder("O-1")
	require.NotEqual(t, seen, cur.Tag)

	require.NoError(t, e.feed.TriggerAction(ctx, "O-1", "send-shipping-confirmation"))
	comms := e.sim.Communications()
	require.Len(t, comms, 1)
	assert.Equal(t, cur.Tag, comms[0].Tag)                  // ENG-012: sent with the current tag
	assert.Equal(t, 2, e.sim.Requests(engagetest.OpAction)) // refused once, sent once: no loop
	tag, _, err := e.feed.Tag(ctx, "O-1")
	require.NoError(t, err)
	assert.Equal(t, cur.Tag, tag) // ENG-011

	// another system cancels the order: the confirmation no longer applies
	_, err = e.client.UpdateStatus(ctx, "O-1", engage.StatusChange{Status: "canceled"})
	require.NoError(t, err)
	// the feed still knows the tag it just used: stale again
	err = e.feed.TriggerAction(ctx, "O-1", "send-shipping-confirmation")
	require.ErrorIs(t, err, engage.ErrActionNoLongerApplies) // ENG-013
	assert.Contains(t, err.Error(), `status is now "canceled"`)
	assert.Len(t, e.sim.Communications(), 1, "nothing sent on data the feed did not decide on")
	assert.Equal(t, 3, e.sim.Requests(engagetest.OpAction))
}
