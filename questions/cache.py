from posts.cache import ListCache

# `GET /qa/questions` documents and `GET /qa/products/:id/summary`'s, per product id; answers are nested in the
# first and counted in the second.
question_list_cache = ListCache("questions-of-product")
