"""Knowledge kernels: March (1991) mutual learning and interpersonal learning (Miller et al. 2006).

Pure, vectorised functions over int8 arrays (beliefs and codes in {-1, 0, +1}, reality in
{-1, +1}); the random Generator is always passed in. See docs/ODD.md "Knowledge kernels".
Not yet docked against March's published table (issue 5 is open): the exact variant of
the code-learning rule (how k counts, 0-beliefs) may still change when it is.
"""
import numpy as np
def random_beliefs(rng,n,m): return rng.integers(-1,2,(n,m)).astype(np.int8)
def random_reality(rng,m): return (rng.integers(0,2,m)*2-1).astype(np.int8)
def knowledge(b,r): return (b==r).mean(axis=-1)
def code_alignment(c,r): return float((c.astype(float)*r).sum()/r.size)
def socialize(b,codes,p1,rng):
    p1=np.asarray(p1,float); 
    if p1.ndim==1: p1=p1[:,None]
    mv=(codes!=0)&(b!=codes)&(rng.random(b.shape)<p1)
    return np.where(mv,b+np.sign(codes-b),b).astype(np.int8)
def learn_code(code,b,r,p2,rng,*,listen=None,noise=0.0,dims=None):
    k=knowledge(b,r); kc=(code==r).mean()
    if noise>0: k=k+rng.normal(0,noise,k.shape)
    sup=k>kc
    if listen is not None: sup&=rng.random(k.shape)<listen
    if not sup.any(): return code
    s=b[sup]; pos=(s==1).sum(0); neg=(s==-1).sum(0)
    maj=np.sign(pos-neg).astype(np.int8); kk=np.abs(pos-neg)
    ch=(maj!=0)&(maj!=code)&(rng.random(code.shape)<1-(1-p2)**kk)
    return np.where(ch,maj,code).astype(np.int8)
def interpersonal(b,scores,indptr,indices,p_ip,rng):
    n=b.shape[0]; deg=np.diff(indptr); has=deg>0
    pick=np.zeros(n,int); pick[has]=indices[indptr[:-1][has]+(rng.random(has.sum())*deg[has]).astype(int)]
    better=has&(scores[pick]>scores)
    p=np.asarray(p_ip,float); p=p[:,None] if p.ndim==1 else p
    nb=b[pick]; cp=better[:,None]&(nb!=b)&(rng.random(b.shape)<p)
    return np.where(cp,nb,b).astype(np.int8)
def turnover(b,p3,rng):
    n,m=b.shape; left=rng.random(n)<p3
    b=b.copy(); b[left]=random_beliefs(rng,int(left.sum()),m); return b,left
def turbulence(r,p4,rng): return np.where(rng.random(r.shape)<p4,-r,r).astype(np.int8)
